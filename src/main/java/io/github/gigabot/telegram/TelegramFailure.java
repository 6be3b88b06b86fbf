package io.github.gigabot.telegram;

/**
 * A Bot API call that failed. Carries Telegram's error code (0 when the request never got an
 * answer) and description; never the request URL, which contains the bot token.
 */
public final class TelegramFailure extends Exception {

    private final int errorCode;
    private final String description;
    private final Integer retryAfterSeconds;

    public TelegramFailure(int errorCode, String message, Throwable cause) {
        this(errorCode, message, "", null, cause);
    }

    public TelegramFailure(int errorCode, String message, String description, Integer retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.description = description == null ? "" : description;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Telegram's explanation, e.g. {@code Bad Request: message thread not found}; empty if none. */
    public String description() {
        return description;
    }

    /** Seconds Telegram asked to wait (429), or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Telegram's HTTP-like error code (400, 401, 403, 429, 5xx), or 0 for a transport failure. */
    public int errorCode() {
        return errorCode;
    }

    /** True when Telegram refused the token: retrying cannot help. */
    public boolean tokenRejected() {
        return errorCode == 401 || errorCode == 404;
    }
}
