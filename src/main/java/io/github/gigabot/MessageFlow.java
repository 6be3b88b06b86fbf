package io.github.gigabot;

import java.util.List;
import java.util.function.Consumer;

import io.github.gigabot.chat.ChatService;
import io.github.gigabot.chat.Decision;
import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.chat.Reply;
import io.github.gigabot.dispatch.ChatQueues;
import io.github.gigabot.telegram.ReplySender;
import io.github.gigabot.telegram.TypingIndicator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One message's way from Telegram to its answer: queued behind its chat's earlier messages, decided
 * on, answered by the model with "typing…" shown meanwhile, and sent back part by part in order.
 * The polling thread only queues; it never waits for the model.
 */
final class MessageFlow implements Consumer<IncomingMessage> {

    private static final Logger log = LoggerFactory.getLogger(MessageFlow.class);

    private final ChatService chat;
    private final ReplySender sender;
    private final TypingIndicator typing;
    private final ChatQueues queues;

    MessageFlow(ChatService chat, ReplySender sender, TypingIndicator typing, ChatQueues queues) {
        this.chat = chat;
        this.sender = sender;
        this.typing = typing;
        this.queues = queues;
    }

    @Override
    public void accept(IncomingMessage message) {
        if (!queues.submit(message.chatId(), () -> handle(message))) {
            log.warn("Shutting down: message {} in chat {} not answered", message.messageId(), message.chatId());
        }
    }

    private void handle(IncomingMessage message) {
        Decision decision = chat.decide(message);
        if (decision.isIgnore()) {
            return;
        }
        List<Reply> replies;
        if (decision.prompt() != null) {
            try (TypingIndicator.Handle ignored = typing.start(message.chatId(), message.threadId())) {
                replies = chat.answer(decision.prompt());
            }
        } else {
            replies = decision.replies();
        }
        for (Reply reply : replies) {
            sender.send(reply);
        }
    }
}
