package io.github.gigabot.chat;

import java.util.List;
import java.util.Objects;

/**
 * A message a user sent, as the chat logic sees it: free of Telegram library types.
 *
 * @param updateId     Telegram's update id
 * @param chatId       the chat it was sent in
 * @param chatType     private or group
 * @param threadId     forum topic id, or null outside topics
 * @param messageId    the message's id in its chat
 * @param userId       the sender: a user's id, or for a message sent on behalf of a chat (an
 *                     anonymous group administrator, a channel) that chat's id
 * @param languageCode the sender's Telegram language (IETF tag such as {@code ru}), or null
 * @param text         the text, or a photo's caption; empty when the message has neither
 * @param entities     the entities of {@code text}
 * @param replyToBot   true when the message replies to one of the bot's own messages
 * @param attachment   the file that came with it (photo, document, voice...), or null
 */
public record IncomingMessage(
        long updateId,
        long chatId,
        ChatType chatType,
        Integer threadId,
        int messageId,
        long userId,
        String languageCode,
        String text,
        List<TextEntity> entities,
        boolean replyToBot,
        Attachment attachment) {

    /** A message without a file. */
    public IncomingMessage(long updateId, long chatId, ChatType chatType, Integer threadId, int messageId, long userId,
                           String languageCode, String text, List<TextEntity> entities, boolean replyToBot) {
        this(updateId, chatId, chatType, threadId, messageId, userId, languageCode, text, entities, replyToBot, null);
    }

    public IncomingMessage {
        Objects.requireNonNull(chatType, "chatType");
        text = text == null ? "" : text;
        entities = entities == null ? List.of() : List.copyOf(entities);
    }
}
