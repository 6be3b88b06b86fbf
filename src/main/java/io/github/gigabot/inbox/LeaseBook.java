package io.github.gigabot.inbox;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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

    /** A lease as this instance knows it: its number, and when the database last confirmed it. */
    private record Lease(long number, long confirmedAt) {
    }

    private final Map<Long, Lease> leases = new ConcurrentHashMap<>();
    private final AtomicLong numbers = new AtomicLong();
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
    public long lease(long chatId) {
        Lease lease = leases.get(chatId);
        return lease == null ? -1 : lease.number();
    }

    @Override
    public boolean holds(long chatId, long lease) {
        Lease current = leases.get(chatId);
        return current != null && current.number() == lease && nanoTime.getAsLong() - current.confirmedAt() < trustedNanos;
    }

    /** Now, on the clock leases are confirmed by. */
    long now() {
        return nanoTime.getAsLong();
    }

    /**
     * The database renewed these leases, asked at {@code askedAt}; those it did not renew are gone.
     * Returns the chats just found gone.
     */
    Set<Long> renewed(Collection<Long> chats, long askedAt) {
        Set<Long> gone = new HashSet<>(leases.keySet());
        gone.removeAll(chats);
        leases.keySet().removeAll(gone);
        leased(chats, askedAt);
        return gone;
    }

    /** The database leased these chats to this instance, asked at {@code askedAt}: a chat not leased here before gets a new lease. */
    void leased(Collection<Long> chats, long askedAt) {
        chats.forEach(chat -> leases.merge(chat, new Lease(numbers.incrementAndGet(), askedAt),
                (held, fresh) -> new Lease(held.number(), Math.max(held.confirmedAt(), askedAt))));
    }
}
