package io.github.gigabot;

import java.time.Clock;
import java.util.List;

import io.github.gigabot.chat.Activity;
import io.github.gigabot.chat.ChatService;
import io.github.gigabot.chat.ChatType;
import io.github.gigabot.chat.Decision;
import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.chat.Reply;
import io.github.gigabot.chat.Screening;
import io.github.gigabot.inbox.Delivery;
import io.github.gigabot.pacing.SendPacer;
import io.github.gigabot.telegram.DraftPublisher;
import io.github.gigabot.telegram.TelegramBotApi;
import io.github.gigabot.telegram.TypingIndicator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;

/**
 * Answers one message: decides what it needs and asks the model with "typing…" shown meanwhile (and,
 * in private chats, the answer growing in a draft as it is written). Runs on a chat worker, never on
 * the polling thread; the inbox delivers the replies.
 */
final class MessageHandler implements Delivery.Handler {

    private static final Logger log = LoggerFactory.getLogger(MessageHandler.class);
    /** A few draft updates a second look fluid without flooding Telegram. */
    private static final long DRAFT_INTERVAL_MILLIS = 400;

    private final ChatService chat;
    private final TypingIndicator typing;
    private final TelegramBotApi telegram;
    private final SendPacer pacer;
    private final boolean streaming;
    private final Clock clock;

    MessageHandler(ChatService chat, TypingIndicator typing, TelegramBotApi telegram, SendPacer pacer, boolean streaming,
                   Clock clock) {
        this.clock = clock;
        this.chat = chat;
        this.typing = typing;
        this.telegram = telegram;
        this.pacer = pacer;
        this.streaming = streaming;
    }

    @Override
    public Screening screen(IncomingMessage message) {
        return chat.screen(message);
    }

    @Override
    public Reply apology(IncomingMessage message) {
        return chat.apology(message);
    }

    @Override
    public Reply queueFull(IncomingMessage message) {
        return chat.queueFull(message);
    }

    /** What the chat shows while the bot does it. */
    static ActionType action(Activity activity) {
        switch (activity) {
            case READING_PHOTO:
            case FETCHING_PICTURE:
                return ActionType.UPLOAD_PHOTO;
            case READING_DOCUMENT:
                return ActionType.UPLOAD_DOCUMENT;
            case READING_AUDIO:
                return ActionType.UPLOAD_VOICE;
            default:
                return ActionType.TYPING;
        }
    }

    @Override
    public List<Reply> answer(IncomingMessage message) {
        Decision decision = chat.decide(message);
        if (decision.prompt() == null) {
            return decision.replies();
        }
        // Drafts exist in private chats only; groups get the finished answer.
        DraftPublisher draft = streaming && message.chatType() == ChatType.PRIVATE
                ? new DraftPublisher(telegram, pacer, message.chatId(), Math.max(1, message.messageId()), chat::preview,
                        DRAFT_INTERVAL_MILLIS, clock::millis)
                : null;
        List<Reply> replies;
        try (TypingIndicator.Handle typingShown = typing.start(message.chatId(), message.threadId())) {
            replies = chat.answer(decision.prompt(), draft, activity -> typingShown.show(action(activity)));
        }
        if (draft != null) {
            draft.settle();
            draft.firstShownAfterMillis().ifPresent(millis ->
                    log.debug("Chat {}: first text visible after {} ms", message.chatId(), millis));
        }
        return replies;
    }
}
