package io.github.gigabot.chat;

/**
 * A file in GigaChat's storage.
 *
 * @param id    GigaChat's id, what a question's {@code attachments} name
 * @param bytes its length
 */
public record StoredFile(String id, long bytes) {
}
