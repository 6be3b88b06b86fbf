package io.github.gigabot.pacing;

/**
 * At most {@code limit} sends in any {@code windowNanos}: the limit Telegram states for groups ("20
 * messages per minute"). A token bucket cannot say this: one that lets 20 go at once and refills
 * one every 3 s allows 39 within a minute. Keeps the times of the last {@code limit} sends.
 */
final class SlidingWindow {

    private final long windowNanos;
    private final long[] sentAt;
    private int count;
    /** Where the oldest remembered send is, once all {@code limit} slots are used. */
    private int oldest;

    SlidingWindow(int limit, long windowNanos) {
        this.windowNanos = windowNanos;
        this.sentAt = new long[limit];
    }

    /** When the next send may go; {@link Long#MIN_VALUE} while fewer than the limit were sent. */
    long readyAt() {
        return count < sentAt.length ? Long.MIN_VALUE : sentAt[oldest] + windowNanos;
    }

    void take(long now) {
        if (count < sentAt.length) {
            sentAt[count++] = now;
        } else {
            sentAt[oldest] = now;
            oldest = (oldest + 1) % sentAt.length;
        }
    }

    /** True when no remembered send limits anything any more. */
    boolean idle(long now) {
        int newest = count < sentAt.length ? count - 1 : (oldest + sentAt.length - 1) % sentAt.length;
        return count == 0 || sentAt[newest] + windowNanos <= now;
    }
}
