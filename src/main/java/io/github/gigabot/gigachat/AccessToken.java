package io.github.gigabot.gigachat;

import java.time.Instant;

/**
 * A GigaChat access token and when it expires.
 *
 * @param value     the bearer token (a secret: never printed)
 * @param expiresAt when GigaChat stops accepting it
 */
record AccessToken(String value, Instant expiresAt) {

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + "]";
    }
}
