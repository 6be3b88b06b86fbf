package io.github.gigabot.chat;


/** A file that did not make it from Telegram to GigaChat. */
public final class FileTransferException extends Exception {

    /** Where it failed. */
    public enum Reason {
        /** Larger than the bot takes, found while moving it. */
        TOO_LARGE,
        /** Telegram did not hand it over. */
        DOWNLOAD,
        /** GigaChat did not take it; the cause is its {@link ModelException}. */
        UPLOAD
    }

    private final Reason reason;

    public FileTransferException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
