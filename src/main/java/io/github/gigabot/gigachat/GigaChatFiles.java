package io.github.gigabot.gigachat;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import io.github.gigabot.gigachat.GigaChatException.Kind;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/** GigaChat's file storage: fetches the pictures the model drew ({@code GET /files/{id}/content}). */
final class GigaChatFiles implements ImageSource {

    /** Telegram takes photos up to 10 MB; GigaChat's pictures are a few hundred KB. */
    static final long MAX_IMAGE_BYTES = 10L * 1024 * 1024;
    /** File ids are UUIDs; anything else in a model's answer is not sent on to the API. */
    private static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final String ENDPOINT = "files/{id}/content";

    private final GigaChatHttp http;
    private final LongSupplier nanoTime;
    private final Duration timeout;

    GigaChatFiles(GigaChatHttp http, LongSupplier nanoTime, Duration timeout) {
        this.http = http;
        this.nanoTime = nanoTime;
        this.timeout = timeout;
    }

    @Override
    public byte[] image(String fileId) throws GigaChatException {
        if (fileId == null || !FILE_ID.matcher(fileId).matches()) {
            throw new GigaChatException(Kind.BAD_ANSWER, "GigaChat named a picture with an impossible file id");
        }
        Request.Builder request = new Request.Builder()
                .url(http.url("files").newBuilder().addPathSegment(fileId).addPathSegment("content").build())
                .header("Accept", "application/jpg")
                .get();
        try (Response response = http.send(request, ENDPOINT, nanoTime.getAsLong() + timeout.toNanos())) {
            ResponseBody body = response.body();
            BufferedSource source = body == null ? null : body.source();
            // request() buffers at most one byte past the limit: a huge body is refused, not read.
            if (source != null && (body.contentLength() > MAX_IMAGE_BYTES || source.request(MAX_IMAGE_BYTES + 1))) {
                throw new GigaChatException(Kind.TOO_LARGE, "GigaChat picture " + fileId + " is larger than " + MAX_IMAGE_BYTES + " bytes");
            }
            byte[] bytes = source == null ? new byte[0] : source.readByteArray();
            if (bytes.length == 0) {
                throw new GigaChatException(Kind.BAD_ANSWER, "GigaChat picture " + fileId + " is empty");
            }
            return bytes;
        } catch (IOException e) {
            throw new GigaChatException(Kind.UNAVAILABLE, "GigaChat picture " + fileId + " could not be read: " + e.getMessage(), e);
        }
    }
}
