package io.github.gigabot.chat;

import java.util.Deque;

/**
 * How many questions a user may ask per minute ({@code bot.rate-limit}), counted over a sliding
 * window: at most that many in any 60 seconds.
 */
public interface QuestionLimit {

    long WINDOW_MILLIS = 60_000;

    /**
     * Records a question if the user is within the limit and returns 0; otherwise records nothing
     * and returns the seconds until the user may ask again.
     */
    long tryAsk(long userId);

    /**
     * The window itself, on one user's question times (oldest first, changed in place): drops those
     * older than the window, then records {@code now} and returns 0, or returns the seconds to wait.
     */
    static long admit(Deque<Long> times, long now, int perMinute) {
        while (!times.isEmpty() && now - times.peekFirst() >= WINDOW_MILLIS) {
            times.removeFirst();
        }
        if (times.size() < perMinute) {
            times.addLast(now);
            return 0;
        }
        long waitMillis = times.peekFirst() + WINDOW_MILLIS - now;
        return Math.max(1, (waitMillis + 999) / 1000);
    }
}
