package io.github.gigabot.pacing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The one gate every outgoing message passes, so the bot stays under Telegram's limits instead of
 * drawing 429s: a sender waits here for its turn, oldest first and fair across chats
 * ({@link SendSchedule} decides), and a 429 that still comes is obeyed for its chat. Thread-safe;
 * waiting threads sleep on their own condition and one of them (the leader) keeps time for all,
 * so a grant wakes exactly the thread it is for.
 */
public final class SendPacer {

    /** Waits on a condition for at most some nanoseconds; a seam so tests run paced sends without real pauses. */
    @FunctionalInterface
    public interface Waiting {
        void await(Condition condition, long nanos) throws InterruptedException;

        /** The real thing: {@link Condition#await(long, TimeUnit)}. */
        static Waiting real() {
            return (condition, nanos) -> condition.await(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private static final class Waiter extends SendSchedule.Ticket {
        final Condition turn;

        Waiter(long chatId, Condition turn) {
            super(chatId);
            this.turn = turn;
        }
    }

    private final LongSupplier nanoTime;
    private final Waiting waiting;
    private final ReentrantLock lock = new ReentrantLock();
    private final SendSchedule schedule;
    /** The waiter that sleeps only until the next send may go, and then grants it; null when none is. */
    private Waiter leader;

    public SendPacer(SendLimits limits, LongSupplier nanoTime, Waiting waiting) {
        this.nanoTime = nanoTime;
        this.waiting = waiting;
        this.schedule = new SendSchedule(limits, nanoTime.getAsLong());
    }

    /** A pacer on the system's monotonic clock. */
    public static SendPacer system(SendLimits limits) {
        return new SendPacer(limits, System::nanoTime, Waiting.real());
    }

    /**
     * Waits until one message may go to {@code chatId}, and counts it as sent. Returns false, counting
     * nothing, as soon as Telegram asked not to send to this chat for longer than {@code patience}
     * allows (also when that 429 comes while waiting): the caller had better try later than hold a
     * thread that long.
     */
    public boolean awaitTurn(long chatId, Duration patience) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long deadline = nanoTime.getAsLong() + patience.toNanos();
            Waiter me = new Waiter(chatId, lock.newCondition());
            schedule.enqueue(me);
            try {
                while (true) {
                    long now = nanoTime.getAsLong();
                    long next = schedule.grant(now, granted -> ((Waiter) granted).turn.signal());
                    if (me.granted()) {
                        return true;
                    }
                    // A 429 may arrive while this send waits; its hold counts against the patience too.
                    if (schedule.heldFor(chatId, now) > deadline - now) {
                        return false;
                    }
                    if (leader == null || leader == me) {
                        leader = me;
                        waiting.await(me.turn, next - now);
                    } else {
                        // Whatever this send changed, the leader's timing is recomputed.
                        leader.turn.signal();
                        me.turn.await();
                    }
                }
            } finally {
                if (!me.granted()) {
                    schedule.cancel(me);
                }
                if (leader == me) {
                    leader = null;
                }
                if (leader == null) {
                    // Whoever leaves without a leader in place hands the timekeeping on, or the rest could sleep for good.
                    SendSchedule.Ticket next = schedule.oldest();
                    if (next != null) {
                        ((Waiter) next).turn.signal();
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Telegram answered 429 with {@code retryAfter} for this chat: its messages wait that long. */
    public void refused(long chatId, Duration retryAfter) {
        lock.lock();
        try {
            schedule.refused(chatId, retryAfter.toNanos(), nanoTime.getAsLong());
        } finally {
            lock.unlock();
        }
    }

    /** Sends waiting for their turn now: how far the bot is behind Telegram's limits. */
    public int waiting() {
        lock.lock();
        try {
            return schedule.waiting();
        } finally {
            lock.unlock();
        }
    }

    /** Whether a draft may be shown in this chat now (taking its turn if so); never waits. */
    public boolean tryDraft(long chatId) {
        lock.lock();
        try {
            return schedule.tryDraft(chatId, nanoTime.getAsLong());
        } finally {
            lock.unlock();
        }
    }
}
