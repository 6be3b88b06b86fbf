package io.github.gigabot.gigachat;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import io.github.gigabot.chat.ModelException.Kind;
import io.github.gigabot.time.Backoff;
import io.github.gigabot.time.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats a GigaChat call that failed in a way that may pass (429, 5xx, no answer), with backoff,
 * up to {@link #MAX_ATTEMPTS} attempts and never past the call's deadline.
 */
final class Retries {

    private static final Logger log = LoggerFactory.getLogger(GigaChatClient.class);
    /** One call and up to three retries of 429, 5xx and transport failures, all within the timeout. */
    static final int MAX_ATTEMPTS = 4;

    /** One attempt of the call. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws GigaChatException;
    }

    private final Backoff backoff;
    private final DoubleSupplier random;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;

    /**
     * @param backoff the pauses between attempts, scaled by a random factor (see {@link Backoff#jittered})
     *                so that many waiting callers do not retry in lockstep; a server's
     *                {@code Retry-After} wins over them
     * @param random  values in [0, 1)
     */
    Retries(Backoff backoff, DoubleSupplier random, Sleeper sleeper, LongSupplier nanoTime) {
        this.backoff = backoff;
        this.random = random;
        this.sleeper = sleeper;
        this.nanoTime = nanoTime;
    }

    /** Runs {@code attempt} until it succeeds, fails for good, or {@code deadlineNanos} would pass. */
    <T> T run(Attempt<T> attempt, long deadlineNanos) throws GigaChatException {
        for (int failures = 0; ; failures++) {
            try {
                return attempt.run();
            } catch (GigaChatException e) {
                Optional<Duration> wait = waitBeforeNext(e, failures, deadlineNanos);
                if (wait.isEmpty()) {
                    throw e;
                }
                log.info("GigaChat call failed ({}); retry {} of {} in {} ms",
                        e.getMessage(), failures + 1, MAX_ATTEMPTS - 1, wait.get().toMillis());
                pause(wait.get());
            }
        }
    }

    /** The wait before another attempt, or empty when the failure is final or time is up. */
    private Optional<Duration> waitBeforeNext(GigaChatException failure, int failures, long deadlineNanos) {
        if (!failure.retryable() || failures + 1 >= MAX_ATTEMPTS) {
            return Optional.empty();
        }
        Duration wait = failure.retryAfter().orElseGet(() -> backoff.jittered(failures, random.getAsDouble()));
        return nanoTime.getAsLong() + wait.toNanos() < deadlineNanos ? Optional.of(wait) : Optional.empty();
    }

    private void pause(Duration wait) throws GigaChatException {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GigaChatException(Kind.UNAVAILABLE, "interrupted while waiting to retry", e);
        }
    }
}
