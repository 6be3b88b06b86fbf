package io.github.gigabot.pacing;

/**
 * One rate limit as a token bucket, kept as the generic cell rate algorithm: a single "theoretical
 * arrival time" instead of a fractional token count, so it is exact in integer nanoseconds. Up to
 * {@code burst} sends may go at once; after that one per {@code intervalNanos}.
 */
final class RateBucket {

    private final long intervalNanos;
    /** How far ahead of now the schedule may run: room for {@code burst - 1} sends beyond the current one. */
    private final long toleranceNanos;
    private long theoreticalArrival;

    RateBucket(int burst, long intervalNanos, long now) {
        this.intervalNanos = intervalNanos;
        this.toleranceNanos = (burst - 1) * intervalNanos;
        this.theoreticalArrival = now;
    }

    /** When the next send may go: {@code now} or earlier if it may go at once. */
    long readyAt() {
        return theoreticalArrival - toleranceNanos;
    }

    /** Spends one send at {@code now}; the caller checked {@link #readyAt()} first. */
    void take(long now) {
        theoreticalArrival = Math.max(theoreticalArrival, now) + intervalNanos;
    }

    /** True when the bucket is as full as a new one, so forgetting it changes nothing. */
    boolean idle(long now) {
        return theoreticalArrival <= now;
    }
}
