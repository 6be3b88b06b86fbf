package io.github.gigabot.chat;

/**
 * A question for the model.
 *
 * @param source the message it came from (chat, language, what to reply to)
 * @param text   the question, with any mention of the bot cut out
 */
public record Prompt(IncomingMessage source, String text) {
}
