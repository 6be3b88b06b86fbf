package io.github.gigabot.config;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Webhook mode: Telegram calls the bot instead of being polled.
 *
 * @param url    the public HTTPS URL Telegram calls (a proxy in front of the bot ends TLS)
 * @param listen where the bot itself listens for those calls
 * @param secret what Telegram sends in {@code X-Telegram-Bot-Api-Secret-Token} (a secret: never printed)
 */
public record WebhookSettings(URI url, InetSocketAddress listen, String secret) {

    /** The path the bot serves the webhook on: the URL's path, as the proxy passes it on. */
    public String path() {
        String path = url.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    @Override
    public String toString() {
        return "WebhookSettings[url=" + url + ", listen=" + listen + "]";
    }
}
