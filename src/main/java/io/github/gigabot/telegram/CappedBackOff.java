package io.github.gigabot.telegram;

import org.telegram.telegrambots.longpolling.interfaces.BackOff;

/**
 * Waits between failed polls: doubling from {@code initialMillis} up to {@code maxMillis}, reset on
 * success. Replaces the library's default, whose 15-minute "max elapsed time" turns every later wait
 * into 15 minutes after a long outage.
 */
public final class CappedBackOff implements BackOff {

    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    public CappedBackOff(long initialMillis, long maxMillis) {
        if (initialMillis <= 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.nextMillis = initialMillis;
    }

    @Override
    public synchronized void reset() {
        nextMillis = initialMillis;
    }

    @Override
    public synchronized long nextBackOffMillis() {
        long current = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return current;
    }
}
