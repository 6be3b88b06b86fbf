package io.github.gigabot.chat;

/**
 * Who the bot is, as {@code getMe} reported at start-up.
 *
 * @param userId   the bot's user id
 * @param username the bot's username without the leading {@code @}
 */
public record BotIdentity(long userId, String username) {
}
