package io.github.gigabot.telegram;

import java.util.List;
import java.util.Optional;

import io.github.gigabot.chat.ChatType;
import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.chat.TextEntity;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Turns a TelegramBots {@link Update} into the library-free {@link IncomingMessage} the chat logic
 * works with, or nothing for updates the bot does not answer (edits, channel posts, stickers,
 * membership changes, service messages).
 */
public final class UpdateMapper {

    private final long botUserId;

    /** @param botUserId the bot's own user id, to recognise replies to the bot's messages */
    public UpdateMapper(long botUserId) {
        this.botUserId = botUserId;
    }

    public Optional<IncomingMessage> map(Update update) {
        if (update == null || !update.hasMessage()) {
            return Optional.empty();
        }
        Message message = update.getMessage();
        if (message.getChat() == null || message.getMessageId() == null) {
            return Optional.empty();
        }
        Optional<ChatType> chatType = chatType(message.getChat().getType());
        if (chatType.isEmpty()) {
            return Optional.empty();
        }
        String text;
        List<MessageEntity> entities;
        if (message.getText() != null) {
            text = message.getText();
            entities = message.getEntities();
        } else if (message.getCaption() != null) {
            text = message.getCaption();
            entities = message.getCaptionEntities();
        } else {
            return Optional.empty();
        }
        User from = message.getFrom();
        // Anonymous group admins and channel posts have no user; the chat stands in for them.
        long userId = from != null && from.getId() != null ? from.getId() : message.getChat().getId();
        String language = from != null ? from.getLanguageCode() : null;
        // Outside forum topics message_thread_id names a reply thread, and sending into it fails.
        Integer threadId = message.isTopicMessage() ? message.getMessageThreadId() : null;
        return Optional.of(new IncomingMessage(
                update.getUpdateId(),
                message.getChat().getId(),
                chatType.get(),
                threadId,
                message.getMessageId(),
                userId,
                language,
                text,
                entities == null ? List.of() : entities.stream().map(UpdateMapper::entity).toList(),
                repliesToBot(message)));
    }

    private boolean repliesToBot(Message message) {
        Message replied = message.getReplyToMessage();
        return replied != null && replied.getFrom() != null && replied.getFrom().getId() != null
                && replied.getFrom().getId() == botUserId;
    }

    private static TextEntity entity(MessageEntity entity) {
        return new TextEntity(entity.getType(),
                entity.getOffset() == null ? -1 : entity.getOffset(),
                entity.getLength() == null ? 0 : entity.getLength());
    }

    private static Optional<ChatType> chatType(String type) {
        if (type == null) {
            return Optional.empty();
        }
        switch (type) {
            case "private":
                return Optional.of(ChatType.PRIVATE);
            case "group":
            case "supergroup":
                return Optional.of(ChatType.GROUP);
            default:
                return Optional.empty();
        }
    }
}
