package io.github.gigabot.inbox;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.chat.StorageException;
import io.github.gigabot.dispatch.DaemonThreads;
import io.github.gigabot.storage.ChatLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an instance that shares its inbox with others finds its work. On one thread, at once when
 * this instance stored a message and every {@code interval} otherwise (a message another instance
 * stored), it lifts its claim on messages it let go of, renews the leases of the chats it is busy
 * in, lets the idle ones go, leases chats with new messages, and queues the messages of its chats in
 * their order. One thread does all of it, so a chat's messages are queued here in the order they
 * were claimed, and no chat is let go while its messages are being taken in hand. What the database
 * confirmed goes into the {@link LeaseBook} that answering consults.
 */
public final class Claimer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Claimer.class);

    /** Messages taken at a time; a full page is followed by another at once. */
    static final int PAGE = 100;

    private final Inbox inbox;
    private final ChatLeases leases;
    private final LeaseBook book;
    private final Delivery delivery;
    /** Messages let go of whose claim the database has not lifted yet. */
    private final Set<Long> toLift = new HashSet<>();
    private final Duration interval;
    private final int maxChats;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private final Thread thread;
    private boolean woken;
    private volatile boolean claiming = true;
    private volatile boolean closed;

    /**
     * @param maxChats chats this instance answers at once; more are left to the other instances
     * @param interval how often to look for work stored by other instances, and to renew leases
     */
    public Claimer(Inbox inbox, ChatLeases leases, LeaseBook book, Delivery delivery, int maxChats, Duration interval) {
        this.inbox = inbox;
        this.book = book;
        this.maxChats = maxChats;
        this.leases = leases;
        this.delivery = delivery;
        this.interval = interval;
        this.thread = DaemonThreads.named("claimer").newThread(this::run);
    }

    public void start() {
        thread.start();
    }

    /** Looks for work now: this instance just stored messages. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            wakeUp.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        boolean failing = false;
        while (!closed) {
            boolean more;
            try {
                more = claimOnce();
                if (failing) {
                    log.info("Claiming work from the shared inbox again");
                    failing = false;
                }
            } catch (StorageException | RuntimeException e) {
                // Said once per outage, not four times a second.
                if (!failing) {
                    log.error("Cannot claim work from the shared inbox, trying again every {} ms: {}", interval.toMillis(), e.getMessage());
                    failing = true;
                }
                more = false;
            }
            if (!more && !awaitWork()) {
                return;
            }
        }
    }

    /** One round; true when a full page was taken and more may be waiting. */
    boolean claimOnce() throws StorageException {
        toLift.addAll(delivery.letGo());
        if (!toLift.isEmpty()) {
            leases.unclaim(toLift);
            toLift.clear();
        }
        long asked = book.now();
        Set<Long> busy = delivery.busyChats();
        Set<Long> gone = book.renewed(leases.heartbeat(busy), asked);
        gone.retainAll(busy);
        if (!gone.isEmpty()) {
            log.warn("Leases of chat(s) {} ran out and were taken over; their messages are left to the instance that leases them",
                    gone.stream().sorted().toList());
        }
        if (!claiming) {
            return false;
        }
        List<Inbox.Unfinished> claimed = inbox.claim(leases, PAGE, Math.max(0, maxChats - busy.size()));
        if (!claimed.isEmpty()) {
            log.debug("Claimed {} message(s) from the shared inbox", claimed.size());
            book.leased(claimed.stream().flatMap(entry -> entry.message().stream()).map(IncomingMessage::chatId).toList(), asked);
            delivery.takeOver(claimed);
        }
        return claimed.size() == PAGE;
    }

    /** Waits for a wake-up or the interval; false when closed. */
    private boolean awaitWork() {
        lock.lock();
        try {
            long nanos = interval.toNanos();
            while (!woken && !closed && nanos > 0) {
                nanos = wakeUp.awaitNanos(nanos);
            }
            woken = false;
            return !closed;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes no new work from now on, but goes on renewing the leases of the chats still being
     * answered here, so no other instance answers them too while this one stops.
     */
    public void stopClaiming() {
        claiming = false;
    }

    /** Stops, and hands this instance's idle chats over to the others at once. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            // Chats still busy (an answer whose mark was not written) keep their leases until they
            // run out; the others go to the other instances at once.
            leases.heartbeat(delivery.busyChats());
        } catch (StorageException e) {
            log.warn("Chats not handed over on stopping; other instances take them when the leases run out: {}", e.getMessage());
        }
    }
}
