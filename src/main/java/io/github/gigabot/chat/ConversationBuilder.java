package io.github.gigabot.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;


/**
 * Builds the messages of a request: the system prompt, then as many of the conversation's latest
 * messages as fit the character budget, then the new question. The oldest messages go first when
 * the budget is short, so a request never outgrows the model's context because of history.
 */
public final class ConversationBuilder {

    /** Files (GigaChat counts images) that one request may carry. */
    static final int MAX_FILES = 10;
    /** Bytes of files one request may carry: GigaChat takes images and audio under 80 MB per request. */
    static final long MAX_FILE_BYTES = 79L * 1024 * 1024;

    private final int charBudget;

    /** @param charBudget the most characters of system prompt, history and question together */
    public ConversationBuilder(int charBudget) {
        this.charBudget = charBudget;
    }

    public List<ChatMessage> build(Optional<String> systemPrompt, List<History.Turn> history, String question) {
        return build(systemPrompt, history, question, List.of(), 0);
    }

    /**
     * Like {@link #build(Optional, List, String)}, the question carrying {@code attachments}. Earlier
     * messages keep their files while at most {@link #MAX_FILES} of at most {@link #MAX_FILE_BYTES}
     * together go with one request (GigaChat's limits of images, and of images and audio, per
     * request); older ones are sent as their text alone.
     */
    public List<ChatMessage> build(Optional<String> systemPrompt, List<History.Turn> history, String question,
                                   List<String> attachments, long attachmentBytes) {
        int left = charBudget - question.length() - systemPrompt.map(String::length).orElse(0);
        int filesLeft = MAX_FILES - attachments.size();
        long bytesLeft = MAX_FILE_BYTES - attachmentBytes;
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
            ChatMessage kept = message.get();
            if (!kept.attachments().isEmpty()) {
                long bytes = history.get(i).attachmentBytes();
                if (kept.attachments().size() <= filesLeft && bytes <= bytesLeft) {
                    filesLeft -= kept.attachments().size();
                    bytesLeft -= bytes;
                } else {
                    kept = new ChatMessage(kept.role(), kept.content());
                }
            }
            earlier.addFirst(kept);
        }
        // A conversation that starts with an answer to a forgotten question only confuses the model.
        while (!earlier.isEmpty() && earlier.peekFirst().role() != ChatMessage.Role.USER) {
            earlier.removeFirst();
        }
        List<ChatMessage> messages = new ArrayList<>();
        systemPrompt.ifPresent(prompt -> messages.add(new ChatMessage(ChatMessage.Role.SYSTEM, prompt)));
        messages.addAll(earlier);
        messages.add(ChatMessage.user(question, attachments));
        return messages;
    }

    private static Optional<ChatMessage> message(History.Turn turn) {
        switch (turn.role()) {
            case "user":
                return Optional.of(ChatMessage.user(turn.content(), turn.attachments()));
            case "assistant":
                return Optional.of(new ChatMessage(ChatMessage.Role.ASSISTANT, turn.content()));
            default:
                return Optional.empty();
        }
    }
}
