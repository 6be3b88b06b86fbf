package io.github.gigabot.chat;

import java.util.Deque;


/**
 * How many questions a user may ask per minute ({@code bot.rate-limit}), counted over a sliding
 * window: at most that many in any 60 seconds.
 */
public interface QuestionLimit {

    long WINDOW_MILLIS = 60_000;

    /**
     * Records the question carried by update {@code updateId} if the user is within the limit and
     * returns 0; otherwise records nothing and returns the seconds until the user may ask again. A
     * question already recorded (its message screened again, by the instance that took its chat
     * over) passes and is not counted twice.
     */
    long tryAsk(long userId, long updateId);

    /**
     * The window itself, on one user's questions (oldest first, changed in place): drops those
     * older than the window, then records the question and returns 0, or returns the seconds to wait.
     */
    static long admit(Deque<QuestionTimes.Asked> asked, long now, long updateId, int perMinute) {
        while (!asked.isEmpty() && now - asked.peekFirst().atMillis() >= WINDOW_MILLIS) {
            asked.removeFirst();
        }
        if (asked.stream().anyMatch(question -> question.updateId() == updateId)) {
            return 0;
        }
        if (asked.size() < perMinute) {
            asked.addLast(new QuestionTimes.Asked(now, updateId));
            return 0;
        }
        long waitMillis = asked.peekFirst().atMillis() + WINDOW_MILLIS - now;
        return Math.max(1, (waitMillis + 999) / 1000);
    }
}
