package io.github.gigabot.time;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to pause before trying again: {@code first} after the first failure, twice as long after
 * each further one, never more than {@code max}. Every retry of the bot (polling, start-up, model
 * calls, stores, sends, resends) pauses by one of these, so a retry policy is one line where it is
 * made.
 *
 * @param first the pause after the first failure; positive
 * @param max   the longest pause; at least {@code first}
 */
public record Backoff(Duration first, Duration max) {

    public Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= max, got " + first + " and " + max);
        }
    }

    /** The same pause every time. */
    public static Backoff fixed(Duration pause) {
        return new Backoff(pause, pause);
    }

    /**
     * The pause after {@code failures} earlier failures: {@code first} for 0, doubling with each,
     * at most {@code max}.
     */
    public Duration pause(int failures) {
        if (failures < 0) {
            throw new IllegalArgumentException("failures cannot be negative: " + failures);
        }
        long nanos = first.toNanos();
        long cap = max.toNanos();
        // Doubling stops at the cap, so this runs at most 63 times and never overflows.
        for (int i = 0; i < failures && nanos < cap; i++) {
            nanos = nanos > cap / 2 ? cap : nanos * 2;
        }
        return Duration.ofNanos(nanos);
    }

    /**
     * {@link #pause} scaled by a random factor from 0.5 to 1, in whole milliseconds, so that many
     * callers failing together do not all try again at the same moment.
     *
     * @param random a value in [0, 1)
     */
    public Duration jittered(int failures, double random) {
        return Duration.ofMillis((long) (pause(failures).toMillis() * (0.5 + random / 2)));
    }
}
