package io.github.gigabot.chat;

/**
 * One message the bot sends; an answer longer than Telegram allows becomes several replies.
 *
 * @param chatId           the chat to send it to
 * @param threadId         forum topic id, or null
 * @param replyToMessageId the message it answers (shown as a quote in groups), or null
 * @param text             plain text, at most {@link #MAX_LENGTH} UTF-16 units
 */
public record Reply(long chatId, Integer threadId, Integer replyToMessageId, String text) {

    /** Telegram's limit for one message's text. */
    public static final int MAX_LENGTH = 4096;
}
