package io.github.gigabot.gigachat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps one access token for all callers: reused until less than {@code margin} of its life is
 * left, then refreshed once however many callers need it at the same moment (concurrent refreshes
 * earn 429s from the OAuth endpoint).
 */
final class TokenCache {

    /** Gets a new token from GigaChat. */
    @FunctionalInterface
    interface Fetcher {
        AccessToken fetch() throws GigaChatException;
    }

    private final Fetcher fetcher;
    private final Clock clock;
    private final Duration margin;
    private final ReentrantLock refreshLock = new ReentrantLock();
    private volatile AccessToken current;

    TokenCache(Fetcher fetcher, Clock clock, Duration margin) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.margin = margin;
    }

    /** A token with at least {@code margin} left, fetching a new one if needed. */
    AccessToken get() throws GigaChatException {
        AccessToken token = current;
        if (fresh(token)) {
            return token;
        }
        refreshLock.lock();
        try {
            // Another caller may have refreshed while this one waited for the lock.
            token = current;
            if (fresh(token)) {
                return token;
            }
            token = fetcher.fetch();
            current = token;
            return token;
        } finally {
            refreshLock.unlock();
        }
    }

    /**
     * Forgets {@code rejected} after the API refused it, unless another caller already replaced it,
     * so that a burst of 401s leads to one refresh, not one per caller.
     */
    void invalidate(AccessToken rejected) {
        refreshLock.lock();
        try {
            if (current == rejected) {
                current = null;
            }
        } finally {
            refreshLock.unlock();
        }
    }

    private boolean fresh(AccessToken token) {
        return token != null && clock.instant().plus(margin).isBefore(token.expiresAt());
    }
}
