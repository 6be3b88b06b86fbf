package io.github.gigabot.config;

import java.net.URI;
import java.util.Optional;

/**
 * How to reach the Telegram Bot API.
 *
 * @param botToken the token from BotFather (a secret: never printed)
 * @param apiUrl   scheme, host and port of the Bot API server (the public one or a local one)
 * @param maxMessagesPerSecond messages the bot sends a second over all chats; Telegram allows about 30
 * @param webhook  how Telegram calls the bot in webhook mode; empty for long polling
 */
public record TelegramSettings(String botToken, URI apiUrl, int maxMessagesPerSecond, Optional<WebhookSettings> webhook) {

    @Override
    public String toString() {
        // The record's generated toString would print the bot token.
        return "TelegramSettings[apiUrl=" + apiUrl + ", maxMessagesPerSecond=" + maxMessagesPerSecond + ", webhook=" + webhook + "]";
    }
}
