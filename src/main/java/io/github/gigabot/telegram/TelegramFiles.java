package io.github.gigabot.telegram;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Downloads the files users send: {@code getFile}, then the file from the configured Bot API server
 * (TelegramBots' own download ignores it and always goes to api.telegram.org). The download URL
 * holds the bot token: it is never logged, and failures name only the file.
 */
public final class TelegramFiles {

    /** An open download; closing it releases the connection. */
    public interface Download extends AutoCloseable {
        InputStream content();

        /** Bytes, or -1 when neither Telegram nor the server said. */
        long size();

        @Override
        void close();
    }

    private final TelegramBotApi telegram;
    private final OkHttpClient http;
    private final HttpUrl fileRoot;

    public TelegramFiles(TelegramBotApi telegram, OkHttpClient http, URI apiUrl, String botToken) {
        this.telegram = telegram;
        this.http = http;
        this.fileRoot = HttpUrl.get(apiUrl.toString()).newBuilder().addPathSegment("file").addPathSegment("bot" + botToken).build();
    }

    /** Opens the file for reading as it arrives, never held whole in memory. */
    public Download open(String fileId) throws TelegramFailure {
        TelegramBotApi.FileLocation location = telegram.locate(fileId);
        Request request = new Request.Builder().url(fileRoot.newBuilder().addPathSegments(location.path()).build()).get().build();
        Response response;
        try {
            response = http.newCall(request).execute();
        } catch (IOException e) {
            throw new TelegramFailure(0, "file download failed: " + e.getClass().getSimpleName(), null);
        }
        ResponseBody body = response.body();
        if (!response.isSuccessful() || body == null) {
            int code = response.code();
            response.close();
            throw new TelegramFailure(code, "file download failed: " + code, null);
        }
        long size = body.contentLength() >= 0 ? body.contentLength() : location.size() > 0 ? location.size() : -1;
        return new Download() {
            @Override
            public InputStream content() {
                return body.byteStream();
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public void close() {
                response.close();
            }
        };
    }
}
