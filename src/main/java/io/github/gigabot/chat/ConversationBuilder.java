package io.github.gigabot.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import io.github.gigabot.gigachat.ChatMessage;
import io.github.gigabot.storage.HistoryStore;

/**
 * Builds the messages of a request: the system prompt, then as many of the conversation's latest
 * messages as fit the character budget, then the new question. The oldest messages go first when
 * the budget is short, so a request never outgrows the model's context because of history.
 */
public final class ConversationBuilder {

    private final int charBudget;

    /** @param charBudget the most characters of system prompt, history and question together */
    public ConversationBuilder(int charBudget) {
        this.charBudget = charBudget;
    }

    public List<ChatMessage> build(Optional<String> systemPrompt, List<HistoryStore.Turn> history, String question) {
        int left = charBudget - question.length() - systemPrompt.map(String::length).orElse(0);
        Deque<ChatMessage> earlier = new ArrayDeque<>();
        for (int i = history.size() - 1; i >= 0; i--) {
            Optional<ChatMessage> message = message(history.get(i));
            if (message.isEmpty()) {
                continue;
            }
            left -= message.get().content().length();
            if (left < 0) {
                break;
            }
            earlier.addFirst(message.get());
        }
        // A conversation that starts with an answer to a forgotten question only confuses the model.
        while (!earlier.isEmpty() && earlier.peekFirst().role() != ChatMessage.Role.USER) {
            earlier.removeFirst();
        }
        List<ChatMessage> messages = new ArrayList<>();
        systemPrompt.ifPresent(prompt -> messages.add(new ChatMessage(ChatMessage.Role.SYSTEM, prompt)));
        messages.addAll(earlier);
        messages.add(ChatMessage.user(question));
        return messages;
    }

    private static Optional<ChatMessage> message(HistoryStore.Turn turn) {
        switch (turn.role()) {
            case "user":
                return Optional.of(ChatMessage.user(turn.content()));
            case "assistant":
                return Optional.of(new ChatMessage(ChatMessage.Role.ASSISTANT, turn.content()));
            default:
                return Optional.empty();
        }
    }
}
