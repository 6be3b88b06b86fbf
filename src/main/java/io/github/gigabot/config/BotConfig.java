package io.github.gigabot.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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
 * @param database      a shared PostgreSQL database, or the SQLite file under {@code dataDir}
 * @param httpListen    where health checks and metrics are served; empty for nowhere
 */
public record BotConfig(TelegramSettings telegram, GigaChatSettings gigachat, Path dataDir, Duration shutdownGrace,
                        ConversationSettings conversation, AccessSettings access, int maxPendingPerChat,
                        BudgetSettings budget, DatabaseSettings database, Optional<InetSocketAddress> httpListen) {
}
