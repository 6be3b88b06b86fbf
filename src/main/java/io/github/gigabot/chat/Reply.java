package io.github.gigabot.chat;

import io.github.gigabot.render.MessageSplitter;
import io.github.gigabot.render.TelegramHtml;

/**
 * One message the bot sends; an answer longer than Telegram allows becomes several replies.
 *
 * @param chatId           the chat to send it to
 * @param threadId         forum topic id, or null
 * @param replyToMessageId the message it answers (shown as a quote in groups), or null
 * @param text             the text, at most {@link #MAX_LENGTH} UTF-16 units; with a photo, its
 *                         caption, at most {@link #MAX_CAPTION_LENGTH}, possibly empty
 * @param format           how Telegram should read {@code text}
 * @param photo            a picture to send with the text as its caption, or null for a text message
 */
public record Reply(long chatId, Integer threadId, Integer replyToMessageId, String text, Format format, Photo photo) {

    /** Telegram's limit for a photo's caption. */
    public static final int MAX_CAPTION_LENGTH = 1024;

    /** A picture's bytes (JPEG), compared by content. */
    public record Photo(byte[] jpeg) {

        public Photo {
            jpeg = jpeg.clone();
        }

        @Override
        public byte[] jpeg() {
            return jpeg.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Photo && java.util.Arrays.equals(jpeg, ((Photo) other).jpeg);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(jpeg);
        }

        @Override
        public String toString() {
            return "Photo[" + jpeg.length + " bytes]";
        }
    }

    /** A text message. */
    public Reply(long chatId, Integer threadId, Integer replyToMessageId, String text, Format format) {
        this(chatId, threadId, replyToMessageId, text, format, null);
    }

    /** Telegram's limit for one message's text. */
    public static final int MAX_LENGTH = MessageSplitter.TELEGRAM_LIMIT;

    /** How the text is to be read. */
    public enum Format {
        /** Shown as it is. */
        PLAIN,
        /** Telegram's HTML subset ({@code parse_mode=HTML}). */
        HTML
    }

    /** A plain-text reply. */
    public Reply(long chatId, Integer threadId, Integer replyToMessageId, String text) {
        this(chatId, threadId, replyToMessageId, text, Format.PLAIN);
    }

    /** The same reply shown as plain text: what the reader would have seen, without markup. */
    public Reply asPlainText() {
        return format == Format.PLAIN ? this
                : new Reply(chatId, threadId, replyToMessageId, TelegramHtml.toPlainText(text), Format.PLAIN, photo);
    }

    /** The same addressing and text with a picture; the text becomes its caption. */
    public Reply withPhoto(Photo newPhoto) {
        return new Reply(chatId, threadId, replyToMessageId, text, format, newPhoto);
    }

    /** The same text in another format. */
    public Reply withFormat(Format newFormat) {
        return new Reply(chatId, threadId, replyToMessageId, text, newFormat, photo);
    }

    /** The same reply with other addressing. */
    public Reply addressed(Integer newThreadId, Integer newReplyTo) {
        return new Reply(chatId, newThreadId, newReplyTo, text, format, photo);
    }
}
