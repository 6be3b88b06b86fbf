package io.github.gigabot.gigachat;

import java.time.Duration;
import java.util.Optional;

import io.github.gigabot.chat.ModelException;

/**
 * A call to GigaChat that did not produce what was asked, typed at the boundary: its {@link Kind}
 * for the core, and, for the retries in here, whether trying again may help and how long GigaChat
 * asked to wait.
 */
public final class GigaChatException extends ModelException {

    private final boolean retryable;
    private final Duration retryAfter;

    public GigaChatException(Kind kind, String message) {
        this(kind, message, null);
    }

    public GigaChatException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, false, null);
    }

    private GigaChatException(Kind kind, String message, Throwable cause, boolean retryable, Duration retryAfter) {
        super(kind, message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** A failure that may pass (429, 5xx, a dropped connection), optionally with the server's wait. */
    static GigaChatException transientFailure(Kind kind, String message, Throwable cause, Duration retryAfter) {
        return new GigaChatException(kind, message, cause, true, retryAfter);
    }

    /** True when trying the same request again may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** How long the server asked to wait before retrying ({@code Retry-After}), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
