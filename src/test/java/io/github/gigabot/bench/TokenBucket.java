package io.github.gigabot.bench;

/**
 * One of Telegram's send limits as a token bucket: {@code capacity} sends at once, refilled at a
 * steady rate. Not thread-safe: {@link StandInLimits} checks its buckets together under one lock.
 */
final class TokenBucket {

    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long updatedAt;

    TokenBucket(double capacity, double tokensPerSecond, long nowNanos) {
        this.capacity = capacity;
        this.tokensPerNano = tokensPerSecond / 1e9;
        this.tokens = capacity;
        this.updatedAt = nowNanos;
    }

    /** Tokens the bucket holds at {@code nanos} (later than the last take), refills included. */
    double tokensAt(long nanos) {
        return Math.min(capacity, tokens + (nanos - updatedAt) * tokensPerNano);
    }

    /** Whether a token is there now or will be within {@code jitterNanos}. */
    boolean allows(long nowNanos, long jitterNanos) {
        return tokensAt(nowNanos + jitterNanos) >= 1.0;
    }

    /** Takes one token now; within the jitter allowance the bucket may briefly go below zero. */
    void take(long nowNanos) {
        tokens = tokensAt(nowNanos) - 1.0;
        updatedAt = nowNanos;
    }

    /** Nanoseconds from {@code nowNanos} until a whole token is there (0 if one is). */
    long nanosUntilToken(long nowNanos) {
        double missing = 1.0 - tokensAt(nowNanos);
        return missing <= 0 ? 0 : (long) Math.ceil(missing / tokensPerNano);
    }
}
