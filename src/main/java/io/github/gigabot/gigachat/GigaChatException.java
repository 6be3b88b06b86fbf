package io.github.gigabot.gigachat;

import java.util.Objects;

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
        /** 400, 403, 404, 422: GigaChat refused the request as invalid (wrong model name, bad parameter). */
        REJECTED,
        /** 200 with a body the bot cannot use: malformed JSON, no choices, no content. */
        BAD_ANSWER
    }

    private final Kind kind;

    public GigaChatException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public GigaChatException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
