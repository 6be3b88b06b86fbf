package io.github.gigabot.gigachat;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before retrying a failed model call: exponential from {@code base}, capped, with
 * random jitter so that many waiting callers do not retry in lockstep. A server's
 * {@code Retry-After} wins over the computed wait.
 */
final class RetryBackoff {

    private final Duration base;
    private final Duration cap;
    private final DoubleSupplier random;

    /** @param random values in [0, 1); the wait is scaled by 0.5 + random / 2 */
    RetryBackoff(Duration base, Duration cap, DoubleSupplier random) {
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** The wait before retry number {@code attempt + 1}, where attempt 0 is the first failure. */
    Duration delay(int attempt, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return retryAfter.get();
        }
        long exponential = base.toMillis() << Math.min(attempt, 20);
        long capped = Math.min(cap.toMillis(), exponential);
        return Duration.ofMillis((long) (capped * (0.5 + random.getAsDouble() / 2)));
    }
}
