package io.github.gigabot.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The bot's whole configuration, validated and immutable.
 *
 * @param telegram how to reach Telegram
 * @param gigachat how to reach GigaChat and what to ask it
 * @param dataDir  where the embedded database lives
 * @param shutdownGrace how long answers in progress may take to finish when the bot is stopped
 * @param conversation  how conversations are remembered and shown
 * @param access        who may use the bot and how much
 * @param maxPendingPerChat messages one chat may have waiting for an answer; more are turned away
 * @param budget        daily token limits and the bot's admins
 */
public record BotConfig(TelegramSettings telegram, GigaChatSettings gigachat, Path dataDir, Duration shutdownGrace,
                        ConversationSettings conversation, AccessSettings access, int maxPendingPerChat,
                        BudgetSettings budget) {
}
