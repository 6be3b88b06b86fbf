package io.github.gigabot.chat;

import java.util.List;
import java.util.Objects;

/**
 * What the bot asks the model; the rest of the request (model, top_p, max_tokens, ...) comes from
 * the configuration.
 *
 * @param messages    the conversation, oldest first; never empty
 * @param temperature the chat's temperature, in (0, 2]
 * @param sessionId   a stable id per conversation, sent as {@code X-Session-ID}; may be null
 * @param model       the model to ask, or null for {@code gigachat.model}
 * @param admission   whether the question is still to be asked once it has its turn, and its cost
 */
public record CompletionRequest(List<ChatMessage> messages, double temperature, String sessionId, String model,
                                Admission admission) {

    /** A request to the configured model. */
    public CompletionRequest(List<ChatMessage> messages, double temperature, String sessionId) {
        this(messages, temperature, sessionId, null, Admission.ALWAYS);
    }

    /** A request always asked. */
    public CompletionRequest(List<ChatMessage> messages, double temperature, String sessionId, String model) {
        this(messages, temperature, sessionId, model, Admission.ALWAYS);
    }

    /** The same question to another model. */
    public CompletionRequest withModel(String otherModel) {
        return new CompletionRequest(messages, temperature, sessionId, otherModel, admission);
    }

    public CompletionRequest {
        admission = admission == null ? Admission.ALWAYS : admission;
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages must not be empty");
        }
    }
}
