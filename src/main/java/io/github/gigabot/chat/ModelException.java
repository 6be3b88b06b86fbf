package io.github.gigabot.chat;

import java.util.Objects;

/**
 * The model did not produce what was asked: an answer, a picture, the list of models. The
 * {@link Kind} is all the core needs to tell the user what happened ({@link UserTexts#failure});
 * the message is for the log and never contains secrets.
 */
public class ModelException extends Exception {

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
        /** 400, 403, 404, 422: the model's service refused the request as invalid (a bad parameter). */
        REJECTED,
        /** 404 "No such model": the key cannot use the model asked for. */
        NO_SUCH_MODEL,
        /** 200 with a body the bot cannot use: malformed JSON, no choices, no content. */
        BAD_ANSWER,
        /** Not asked: the asker withdrew the question when its turn came (see {@link Admission}). */
        WITHDRAWN
    }

    private final Kind kind;

    public ModelException(Kind kind, String message) {
        this(kind, message, null);
    }

    public ModelException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
