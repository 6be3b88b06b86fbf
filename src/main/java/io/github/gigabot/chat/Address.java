package io.github.gigabot.chat;

/**
 * Whether a message is for the bot, and if so what it asks.
 *
 * @param kind   the verdict
 * @param prompt the question with any mention of the bot cut out; empty unless {@code kind} is PROMPT
 */
public record Address(Kind kind, String prompt) {

    /** The possible verdicts. */
    public enum Kind {
        /** Group chatter, an empty message: not for the bot. */
        NOT_FOR_BOT,
        /** A question for the model. */
        PROMPT,
        /** The bot was mentioned with nothing else: worth a hint. */
        BARE_MENTION
    }

    static Address notForBot() {
        return new Address(Kind.NOT_FOR_BOT, "");
    }

    static Address prompt(String prompt) {
        return new Address(Kind.PROMPT, prompt);
    }

    static Address bareMention() {
        return new Address(Kind.BARE_MENTION, "");
    }
}
