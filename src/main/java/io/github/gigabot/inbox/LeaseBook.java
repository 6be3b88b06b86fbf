package io.github.gigabot.inbox;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The chats this instance leases, as far as it can tell without asking the database. A lease the
 * database confirmed is trusted here for most of its length, counted from the moment the
 * confirmation was asked for (the database set the lease's end later than that). So an instance
 * stops answering a chat before any other instance can take it over, even when it cannot reach the
 * database to learn that its lease ran out; the rest of the length is a margin for a slow answer
 * from the database and for clocks that tick at slightly different rates.
 */
public final class LeaseBook implements Delivery.Tenure {

    private final Map<Long, Long> confirmedAt = new ConcurrentHashMap<>();
    private final long trustedNanos;
    private final LongSupplier nanoTime;

    /**
     * @param ttl      how long a lease lasts in the database without a renewal
     * @param nanoTime a monotonic clock, {@code System::nanoTime} outside tests
     */
    public LeaseBook(Duration ttl, LongSupplier nanoTime) {
        this.trustedNanos = ttl.toNanos() / 5 * 4;
        this.nanoTime = nanoTime;
    }

    @Override
    public boolean holds(long chatId) {
        Long at = confirmedAt.get(chatId);
        return at != null && nanoTime.getAsLong() - at < trustedNanos;
    }

    /** Now, on the clock leases are confirmed by. */
    long now() {
        return nanoTime.getAsLong();
    }

    /** The database renewed these leases, asked at {@code askedAt}; those it did not renew are gone. */
    void renewed(Collection<Long> chats, long askedAt) {
        confirmedAt.keySet().retainAll(chats);
        chats.forEach(chat -> confirmedAt.put(chat, askedAt));
    }

    /** The database leased these chats to this instance, asked at {@code askedAt}. */
    void leased(Collection<Long> chats, long askedAt) {
        chats.forEach(chat -> confirmedAt.merge(chat, askedAt, Math::max));
    }
}
