package io.github.gigabot.gigachat;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A model call that did not produce an answer. The {@link Kind} is all the rest of the bot needs to
 * tell the user what happened; the message is for the log and never contains secrets.
 */
public final class GigaChatException extends Exception {

    /** What went wrong, from the user's point of view. */
    public enum Kind {
        /** 429: too many requests for this key right now. */
        BUSY,
        /** 5xx, connection refused, TLS failure, DNS: the service cannot be reached or is failing. */
        UNAVAILABLE,
        /** The call did not finish within {@code gigachat.timeout}. */
        TIMEOUT,
        /** 401 from OAuth, or 401 again after a fresh token: the authorization key is wrong. */
        KEY_REJECTED,
        /** 402: the key's tokens are used up. */
        QUOTA,
        /** 413: the request is too large. */
        TOO_LARGE,
        /** 400, 403, 404, 422: GigaChat refused the request as invalid (a bad parameter). */
        REJECTED,
        /** 404 "No such model": the key cannot use the model asked for. */
        NO_SUCH_MODEL,
        /** 200 with a body the bot cannot use: malformed JSON, no choices, no content. */
        BAD_ANSWER,
        /** Not asked: the asker withdrew the question when its turn came (see {@link Admission}). */
        WITHDRAWN
    }

    private final Kind kind;
    private final boolean retryable;
    private final Duration retryAfter;

    public GigaChatException(Kind kind, String message) {
        this(kind, message, null);
    }

    public GigaChatException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, false, null);
    }

    private GigaChatException(Kind kind, String message, Throwable cause, boolean retryable, Duration retryAfter) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** A failure that may pass (429, 5xx, a dropped connection), optionally with the server's wait. */
    static GigaChatException transientFailure(Kind kind, String message, Throwable cause, Duration retryAfter) {
        return new GigaChatException(kind, message, cause, true, retryAfter);
    }

    public Kind kind() {
        return kind;
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
