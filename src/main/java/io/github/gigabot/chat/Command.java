package io.github.gigabot.chat;

/**
 * A bot command as typed: {@code /temp@mybot 0.7} is name {@code temp}, argument {@code 0.7}.
 *
 * @param name     lower-case, without the slash and the {@code @bot} suffix
 * @param argument the rest of the text, trimmed; empty when there is none
 * @param target   whom the command names
 */
public record Command(String name, String argument, Target target) {

    /** Whom a command is addressed to. */
    public enum Target {
        /** No {@code @bot} suffix: every bot in the chat may take it. */
        ANY_BOT,
        /** {@code /cmd@thisbot}. */
        THIS_BOT,
        /** {@code /cmd@otherbot}: not for us. */
        OTHER_BOT
    }
}
