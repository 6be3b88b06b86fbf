package io.github.gigabot.chat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;


/** The question limit of an instance alone with its database, counted in memory. */
public final class QuestionRateLimiter implements QuestionLimit {

    private final int perMinute;
    private final LongSupplier clockMillis;
    private final Map<Long, Deque<QuestionTimes.Asked>> asked = new HashMap<>();

    /** @param perMinute questions a user may ask per minute; 0 for no limit */
    public QuestionRateLimiter(int perMinute, LongSupplier clockMillis) {
        this.perMinute = perMinute;
        this.clockMillis = clockMillis;
    }

    @Override
    public synchronized long tryAsk(long userId, long updateId) {
        if (perMinute == 0) {
            return 0;
        }
        long now = clockMillis.getAsLong();
        long wait = QuestionLimit.admit(asked.computeIfAbsent(userId, id -> new ArrayDeque<>()), now, updateId, perMinute);
        if (wait == 0 && asked.size() > 10_000) {
            asked.values().removeIf(list -> list.isEmpty() || now - list.peekLast().atMillis() >= WINDOW_MILLIS);
        }
        return wait;
    }
}
