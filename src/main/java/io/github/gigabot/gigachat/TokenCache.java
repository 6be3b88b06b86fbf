package io.github.gigabot.gigachat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import io.github.gigabot.chat.ModelException.Kind;

/**
 * Keeps one access token for all callers: reused until less than {@code margin} of its life is
 * left, then refreshed once however many callers need it at the same moment (concurrent refreshes
 * earn 429s from the OAuth endpoint).
 *
 * <p>A refresh is one fetch shared by everyone who asks while it runs: they all get its token or
 * its failure. A failure is not kept, so the first caller after it starts a new fetch. The caller
 * that starts a fetch runs it on its own thread; the others wait for it only until their own
 * deadline, so one slow or failing fetch costs each of them at most its duration, not one fetch per
 * caller in turn.
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
    private final LongSupplier nanoTime;
    /** Guards {@code current} and {@code inFlight}; never held during a fetch, so waiters can time out. */
    private final ReentrantLock lock = new ReentrantLock();
    private volatile AccessToken current;
    private CompletableFuture<AccessToken> inFlight;

    TokenCache(Fetcher fetcher, Clock clock, Duration margin) {
        this(fetcher, clock, margin, System::nanoTime);
    }

    /** @param nanoTime the clock callers' deadlines are read on */
    TokenCache(Fetcher fetcher, Clock clock, Duration margin, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.fetcher = fetcher;
        this.clock = clock;
        this.margin = margin;
    }

    /**
     * A token with at least {@code margin} left, fetching a new one if needed.
     *
     * @param deadlineNanos the time on the {@code nanoTime} clock after which the caller stops waiting for a
     *                      fetch another caller is running
     * @throws GigaChatException the fetch's failure; {@code TIMEOUT} when the deadline passes first;
     *                           {@code UNAVAILABLE} when the thread is interrupted while waiting
     */
    AccessToken get(long deadlineNanos) throws GigaChatException {
        AccessToken token = current;
        if (fresh(token)) {
            return token;
        }
        CompletableFuture<AccessToken> shared;
        boolean mine = false;
        lock.lock();
        try {
            // Another caller may have refreshed while this one waited for the lock.
            token = current;
            if (fresh(token)) {
                return token;
            }
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                mine = true;
            }
            shared = inFlight;
        } finally {
            lock.unlock();
        }
        return mine ? fetchInto(shared) : await(shared, deadlineNanos);
    }

    /**
     * Forgets {@code rejected} after the API refused it, unless another caller already replaced it,
     * so that a burst of 401s leads to one refresh, not one per caller.
     */
    void invalidate(AccessToken rejected) {
        lock.lock();
        try {
            if (current == rejected) {
                current = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private AccessToken fetchInto(CompletableFuture<AccessToken> shared) throws GigaChatException {
        try {
            AccessToken token = fetcher.fetch();
            settle(token);
            shared.complete(token);
            return token;
        } catch (Throwable e) {
            // Whatever the failure, waiters must hear of it rather than sit out their deadlines.
            settle(null);
            shared.completeExceptionally(e);
            throw e;
        }
    }

    /** Ends the fetch before anyone hears how it went, so that a caller told of a failure fetches anew. */
    private void settle(AccessToken fetched) {
        lock.lock();
        try {
            if (fetched != null) {
                current = fetched;
            }
            inFlight = null;
        } finally {
            lock.unlock();
        }
    }

    private AccessToken await(CompletableFuture<AccessToken> shared, long deadlineNanos) throws GigaChatException {
        try {
            return shared.get(deadlineNanos - nanoTime.getAsLong(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new GigaChatException(Kind.TIMEOUT, "GigaChat call ran out of time waiting for an access token");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GigaChatException(Kind.UNAVAILABLE, "interrupted while waiting for a GigaChat access token", e);
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            if (failure instanceof GigaChatException gigaChat) {
                throw gigaChat;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("access token fetch failed", failure);
        }
    }

    private boolean fresh(AccessToken token) {
        return token != null && clock.instant().plus(margin).isBefore(token.expiresAt());
    }
}
