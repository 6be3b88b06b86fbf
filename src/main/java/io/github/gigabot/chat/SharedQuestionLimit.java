package io.github.gigabot.chat;

import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The question limit of instances sharing a database, counted there, so a user who asks through
 * several instances is limited as if there were one.
 */
public final class SharedQuestionLimit implements QuestionLimit {

    private static final Logger log = LoggerFactory.getLogger(SharedQuestionLimit.class);

    private final int perMinute;
    private final QuestionTimes times;
    private final LongSupplier clockMillis;

    /** @param perMinute questions a user may ask per minute; 0 for no limit */
    public SharedQuestionLimit(int perMinute, QuestionTimes times, LongSupplier clockMillis) {
        this.perMinute = perMinute;
        this.times = times;
        this.clockMillis = clockMillis;
    }

    @Override
    public long tryAsk(long userId, long updateId) {
        if (perMinute == 0) {
            return 0;
        }
        long now = clockMillis.getAsLong();
        try {
            return times.apply(userId, now, asked -> QuestionLimit.admit(asked, now, updateId, perMinute));
        } catch (StorageException e) {
            // The limit guards the key's quota, not the user: with the database out, the question goes on.
            log.warn("Question of user {} not counted against bot.rate-limit: {}", userId, e.getMessage());
            return 0;
        }
    }

    /** Forgets users who asked nothing for a window: their times no longer count. */
    public void forgetIdle() throws StorageException {
        times.forgetIdle(clockMillis.getAsLong() - WINDOW_MILLIS);
    }
}
