package io.github.gigabot.gigachat;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.chat.ImageSource;
import io.github.gigabot.chat.ModelException.Kind;
import io.github.gigabot.chat.StoredFile;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GigaChat's file storage: uploads the files users send ({@code POST /files}), deletes them when
 * their conversation forgets them, and fetches the pictures the model drew
 * ({@code GET /files/{id}/content}).
 */
final class GigaChatFiles implements ImageSource, FileStorage {

    private static final Logger log = LoggerFactory.getLogger(GigaChatFiles.class);

    /** Telegram takes photos up to 10 MB; GigaChat's pictures are a few hundred KB. */
    static final long MAX_IMAGE_BYTES = 10L * 1024 * 1024;
    /** File ids are UUIDs; anything else in a model's answer is not sent on to the API. */
    private static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final String ENDPOINT = "files/{id}/content";

    private final GigaChatHttp http;
    private final CallSlots slots;
    private final ObjectMapper json;

    /** @param slots the model calls' slots: a personal key counts file calls against its one request at a time */
    GigaChatFiles(GigaChatHttp http, CallSlots slots, ObjectMapper json) {
        this.http = http;
        this.slots = slots;
        this.json = json;
    }

    @Override
    public StoredFile upload(String fileName, String mimeType, InputStream content, long size, long maxBytes)
            throws GigaChatException {
        StreamedFile file = new StreamedFile(MediaType.parse(mimeType), content, size, maxBytes);
        MultipartBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", fileName, file)
                .addFormDataPart("purpose", "general")
                .build();
        Request.Builder request = new Request.Builder().url(http.url("files")).header("Accept", "application/json").post(body);
        String text;
        try {
            text = slots.run(() -> http.text(http.send(request, "files", http.deadlineFromNow()), "files"));
        } catch (GigaChatException e) {
            if (e.getCause() instanceof TooLarge) {
                throw new GigaChatException(Kind.TOO_LARGE, "file " + fileName + " is larger than " + maxBytes + " bytes");
            }
            throw e;
        }
        try {
            WireFormat.UploadedFile uploaded = json.readValue(text, WireFormat.UploadedFile.class);
            if (uploaded == null || uploaded.id() == null || !FILE_ID.matcher(uploaded.id()).matches()) {
                throw new GigaChatException(Kind.BAD_ANSWER, "GigaChat answered an upload without a usable file id");
            }
            log.info("Uploaded {} ({}) to GigaChat as {}", fileName, mimeType, uploaded.id());
            return new StoredFile(uploaded.id(), file.sent);
        } catch (JsonProcessingException e) {
            throw new GigaChatException(Kind.BAD_ANSWER, "GigaChat answered an upload with malformed JSON: " + e.getOriginalMessage());
        }
    }

    @Override
    public void delete(String fileId) {
        if (fileId == null || !FILE_ID.matcher(fileId).matches()) {
            return;
        }
        Request.Builder request = new Request.Builder()
                .url(http.url("files").newBuilder().addPathSegment(fileId).addPathSegment("delete").build())
                .header("Accept", "application/json")
                .post(RequestBody.create(new byte[0]));
        try {
            slots.run(() -> http.text(http.send(request, "files/{id}/delete", http.deadlineFromNow()),
                    "files/{id}/delete"));
            log.info("Deleted GigaChat file {}", fileId);
        } catch (GigaChatException e) {
            log.warn("GigaChat file {} not deleted: {}", fileId, e.getMessage());
        }
    }

    /** A file sent as it is read, once; more than {@code maxBytes} ends the upload. */
    private static final class StreamedFile extends RequestBody {
        private final MediaType type;
        private final InputStream content;
        private final long size;
        private final long maxBytes;
        /** Bytes sent so far. */
        private long sent = -1;

        StreamedFile(MediaType type, InputStream content, long size, long maxBytes) {
            this.type = type;
            this.content = content;
            this.size = size;
            this.maxBytes = maxBytes;
        }

        @Override
        public MediaType contentType() {
            return type;
        }

        @Override
        public long contentLength() {
            return size;
        }

        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            if (sent >= 0) {
                throw new IOException("the file was already sent once and cannot be read again");
            }
            sent = 0;
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int read = content.read(buffer); read != -1; read = content.read(buffer)) {
                total += read;
                if (total > maxBytes) {
                    throw new TooLarge();
                }
                sink.write(buffer, 0, read);
                sent = total;
            }
        }
    }

    /** A file longer than it may be, found while sending it. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("file larger than allowed");
        }
    }

    @Override
    public byte[] image(String fileId) throws GigaChatException {
        if (fileId == null || !FILE_ID.matcher(fileId).matches()) {
            throw new GigaChatException(Kind.BAD_ANSWER, "GigaChat named a picture with an impossible file id");
        }
        return slots.run(() -> download(fileId));
    }

    private byte[] download(String fileId) throws GigaChatException {
        Request.Builder request = new Request.Builder()
                .url(http.url("files").newBuilder().addPathSegment(fileId).addPathSegment("content").build())
                .header("Accept", "application/jpg")
                .get();
        try (Response response = http.send(request, ENDPOINT, http.deadlineFromNow())) {
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
