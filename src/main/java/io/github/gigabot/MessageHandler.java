package io.github.gigabot;

import java.util.List;
import java.util.function.Consumer;

import io.github.gigabot.chat.ChatService;
import io.github.gigabot.chat.Decision;
import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.chat.Reply;
import io.github.gigabot.telegram.ReplySender;
import io.github.gigabot.telegram.TypingIndicator;

/**
 * Answers one message: decides what it needs, asks the model with "typing…" shown meanwhile, and
 * sends the replies back part by part in order. Runs on a chat worker, never on the polling thread.
 */
final class MessageHandler implements Consumer<IncomingMessage> {

    private final ChatService chat;
    private final ReplySender sender;
    private final TypingIndicator typing;

    MessageHandler(ChatService chat, ReplySender sender, TypingIndicator typing) {
        this.chat = chat;
        this.sender = sender;
        this.typing = typing;
    }

    @Override
    public void accept(IncomingMessage message) {
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
