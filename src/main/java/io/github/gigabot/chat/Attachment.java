package io.github.gigabot.chat;

import java.util.Locale;

/**
 * A file that came with a message, as Telegram describes it; not downloaded yet.
 *
 * @param kind     what it is
 * @param fileId   Telegram's id for downloading it; null for {@link Kind#UNSUPPORTED}
 * @param fileName the name the sender gave it, or null (photos and voice messages have none)
 * @param mimeType Telegram's MIME type, or null
 * @param size     bytes, or 0 when Telegram did not say
 */
public record Attachment(Kind kind, String fileId, String fileName, String mimeType, long size) {

    /** What a file is to the bot. */
    public enum Kind {
        /** A photo (Telegram sends several sizes; this is the largest). */
        PHOTO,
        /** A file sent as a document: a PDF, a Word file, a picture sent uncompressed, anything. */
        DOCUMENT,
        /** A voice message (OGG/Opus). */
        VOICE,
        /** A music or audio file. */
        AUDIO,
        /** A video, a sticker, an animation, a location...: nothing GigaChat reads. */
        UNSUPPORTED
    }

    /** An attachment the bot cannot use at all. */
    public static Attachment unsupported() {
        return new Attachment(Kind.UNSUPPORTED, null, null, null, 0);
    }

    /** The file name's extension in lower case, without the dot; empty when there is none. */
    public String extension() {
        if (fileName == null) {
            return "";
        }
        int dot = fileName.lastIndexOf('.');
        return dot < 0 || dot == fileName.length() - 1 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
