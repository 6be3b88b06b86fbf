package io.github.gigabot.chat;

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

    /** Who says a message: the bot's instructions, the user, or the model. */
    public enum Role {
        SYSTEM, USER, ASSISTANT
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
