package io.github.gigabot.chat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** Counts each user's questions over the last minute (a sliding window) against a limit. */
final class QuestionRateLimiter {

    static final long WINDOW_MILLIS = 60_000;

    private final int perMinute;
    private final LongSupplier clockMillis;
    private final Map<Long, Deque<Long>> asked = new HashMap<>();

    /** @param perMinute questions a user may ask per minute; 0 for no limit */
    QuestionRateLimiter(int perMinute, LongSupplier clockMillis) {
        this.perMinute = perMinute;
        this.clockMillis = clockMillis;
    }

    /**
     * Records a question if the user is within the limit and returns 0; otherwise records nothing
     * and returns the seconds until the user may ask again.
     */
    synchronized long tryAsk(long userId) {
        if (perMinute == 0) {
            return 0;
        }
        long now = clockMillis.getAsLong();
        Deque<Long> times = asked.computeIfAbsent(userId, id -> new ArrayDeque<>());
        while (!times.isEmpty() && now - times.peekFirst() >= WINDOW_MILLIS) {
            times.removeFirst();
        }
        if (times.size() < perMinute) {
            times.addLast(now);
            if (asked.size() > 10_000) {
                asked.values().removeIf(list -> list.isEmpty() || now - list.peekLast() >= WINDOW_MILLIS);
            }
            return 0;
        }
        long waitMillis = times.peekFirst() + WINDOW_MILLIS - now;
        return Math.max(1, (waitMillis + 999) / 1000);
    }
}
