package io.github.gigabot.gigachat;

import java.io.InputStream;

import io.github.gigabot.chat.StoredFile;

/** GigaChat's storage for the files a question carries ({@code POST /files}, {@code /files/{id}/delete}). */
public interface FileStorage {

    /**
     * Uploads a file as it is read from {@code content}, never holding it whole in memory.
     *
     * @param size     its length in bytes, or -1 when unknown
     * @param maxBytes the most that is read; a longer file fails with {@link GigaChatException.Kind#TOO_LARGE}
     * @return the file as GigaChat stored it
     */
    StoredFile upload(String fileName, String mimeType, InputStream content, long size, long maxBytes) throws GigaChatException;

    /** Deletes a file the bot uploaded; a failure is only logged, the file is GigaChat's to expire. */
    void delete(String fileId);
}
