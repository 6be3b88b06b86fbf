package io.github.gigabot.gigachat;

import java.util.Objects;

/**
 * One message of a conversation sent to the model.
 *
 * @param role    who said it
 * @param content what was said
 */
public record ChatMessage(Role role, String content) {

    /** The roles GigaChat accepts; {@link #wireName()} is what goes into the JSON. */
    public enum Role {
        SYSTEM, USER, ASSISTANT;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }
}
