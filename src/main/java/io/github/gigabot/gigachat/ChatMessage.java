package io.github.gigabot.gigachat;

import java.util.List;
import java.util.Objects;

/**
 * One message of a conversation sent to the model.
 *
 * @param role        who said it
 * @param content     what was said
 * @param attachments ids of files in GigaChat's storage that go with it (a photo, a document); empty
 *                    for most messages
 */
public record ChatMessage(Role role, String content, List<String> attachments) {

    /** The roles GigaChat accepts; {@link #wireName()} is what goes into the JSON. */
    public enum Role {
        SYSTEM, USER, ASSISTANT;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A message without files. */
    public ChatMessage(Role role, String content) {
        this(role, content, List.of());
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    public static ChatMessage user(String content, List<String> attachments) {
        return new ChatMessage(Role.USER, content, attachments);
    }
}
