package io.github.gigabot;

/**
 * The bot cannot go on, for a reason that is not a wrong setting: its database cannot be used, or
 * Telegram stopped accepting its token while it ran. The message is one line, fit to show the person
 * running the bot as it is, and says what to do.
 */
public final class FatalException extends Exception {

    public FatalException(String message, Throwable cause) {
        super(message, cause);
    }
}
