package io.github.gigabot;

import java.util.List;
import java.util.function.Consumer;

import io.github.gigabot.chat.ChatService;
import io.github.gigabot.chat.ChatType;
import io.github.gigabot.chat.Decision;
import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.chat.Reply;
import io.github.gigabot.telegram.DraftPublisher;
import io.github.gigabot.telegram.ReplySender;
import io.github.gigabot.telegram.TelegramBotApi;
import io.github.gigabot.telegram.TypingIndicator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one message: decides what it needs, asks the model with "typing…" shown meanwhile (and, in
 * private chats, the answer growing in a draft as it is written), and sends the replies back part by
 * part in order. Runs on a chat worker, never on the polling thread.
 */
final class MessageHandler implements Consumer<IncomingMessage> {

    private static final Logger log = LoggerFactory.getLogger(MessageHandler.class);
    /** A few draft updates a second look fluid without flooding Telegram. */
    private static final long DRAFT_INTERVAL_MILLIS = 400;

    private final ChatService chat;
    private final ReplySender sender;
    private final TypingIndicator typing;
    private final TelegramBotApi telegram;
    private final boolean streaming;

    MessageHandler(ChatService chat, ReplySender sender, TypingIndicator typing, TelegramBotApi telegram, boolean streaming) {
        this.chat = chat;
        this.sender = sender;
        this.typing = typing;
        this.telegram = telegram;
        this.streaming = streaming;
    }

    @Override
    public void accept(IncomingMessage message) {
        Decision decision = chat.decide(message);
        if (decision.isIgnore()) {
            return;
        }
        List<Reply> replies;
        if (decision.prompt() != null) {
            // Drafts exist in private chats only; groups get the finished answer.
            DraftPublisher draft = streaming && message.chatType() == ChatType.PRIVATE
                    ? new DraftPublisher(telegram, message.chatId(), Math.max(1, message.messageId()), chat::preview,
                            DRAFT_INTERVAL_MILLIS, System::currentTimeMillis)
                    : null;
            TypingIndicator.Handle typingShown = typing.start(message.chatId(), message.threadId());
            try {
                replies = chat.answer(decision.prompt(), draft);
            } finally {
                typingShown.close();
            }
            if (draft != null) {
                draft.firstShownAfterMillis().ifPresent(millis ->
                        log.info("Chat {}: first text visible after {} ms", message.chatId(), millis));
            }
        } else {
            replies = decision.replies();
        }
        for (Reply reply : replies) {
            sender.send(reply);
        }
    }
}
