package io.github.gigabot.config;

import java.nio.file.Path;

/**
 * The bot's whole configuration, validated and immutable.
 *
 * @param telegram how to reach Telegram
 * @param gigachat how to reach GigaChat and what to ask it
 * @param dataDir  where the embedded database lives
 */
public record BotConfig(TelegramSettings telegram, GigaChatSettings gigachat, Path dataDir) {
}
