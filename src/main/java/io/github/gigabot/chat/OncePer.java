package io.github.gigabot.chat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Lets something happen at most once per period for each key: notices that must not turn into spam. */
final class OncePer {

    private final long periodMillis;
    private final LongSupplier clockMillis;
    private final Map<Long, Long> lastTimes = new ConcurrentHashMap<>();

    OncePer(long periodMillis, LongSupplier clockMillis) {
        this.periodMillis = periodMillis;
        this.clockMillis = clockMillis;
    }

    /** True, and remembered, when {@code key} had no turn within the period. */
    boolean tryNow(long key) {
        long now = clockMillis.getAsLong();
        boolean[] granted = {false};
        lastTimes.compute(key, (k, last) -> {
            if (last == null || now - last >= periodMillis) {
                granted[0] = true;
                return now;
            }
            return last;
        });
        if (lastTimes.size() > 10_000) {
            lastTimes.values().removeIf(last -> now - last >= periodMillis);
        }
        return granted[0];
    }
}
