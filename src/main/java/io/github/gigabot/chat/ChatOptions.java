package io.github.gigabot.chat;

import java.util.Optional;

/**
 * The owner's choices for how the bot talks.
 *
 * @param defaultTemperature temperature of chats that never used {@code /temp}
 * @param systemPrompt       sent first in every request, when set
 * @param historyMessages    earlier messages sent along with a question; 0 sends the question alone
 * @param defaultModel       model of chats that never used {@code /model}
 */
public record ChatOptions(double defaultTemperature, Optional<String> systemPrompt, int historyMessages, String defaultModel) {
}
