package io.github.gigabot.inbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.chat.Reply;
import io.github.gigabot.chat.Screening;
import io.github.gigabot.chat.StorageException;
import io.github.gigabot.dispatch.ChatQueues;
import io.github.gigabot.dispatch.ChatTask;
import io.github.gigabot.metrics.BotMetrics;
import io.github.gigabot.time.Backoff;
import io.github.gigabot.time.Scheduler;
import io.github.gigabot.time.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once delivery of messages to their handler and of answers to their chats. A polled batch
 * is stored before {@link #admit} returns (and so before Telegram is told it arrived). Each message
 * is screened at once, so what the bot turns away never waits in memory; each chat holds at most
 * {@link Policy#maxPendingPerChat} messages. An admitted message is answered in its chat's turn and
 * marked done once every part of its answer reached Telegram or Telegram refused it for good. An
 * answer Telegram would not take yet is stored with its message and resent, in the chat's order,
 * with growing pauses; the model is not asked again. What was not done when the bot stopped,
 * however it stopped, is handled first at the next start. A message whose handling keeps failing is
 * retried a few times, then parked with an apology, without holding up its chat.
 */
public final class Delivery {

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    /** Attempts before a message whose handling fails is parked. */
    public static final int MAX_ATTEMPTS = 3;
    /** Pauses before a write the database refused is tried again: 0.5 s, doubling up to 30 s. */
    private static final Backoff STORE_RETRY = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    /** Messages read from the inbox at a time when recovering. */
    static final int RECOVERY_PAGE = 200;

    /** What the inbox needs of the bot's logic. */
    public interface Handler {
        /** The first look at a message, before it is queued; fast, in memory. */
        Screening screen(IncomingMessage message);

        /** The finished answer's parts, in order (none when there is nothing to say). Slow. */
        List<Reply> answer(IncomingMessage message);

        /** Said to a user whose message was given up on. */
        Reply apology(IncomingMessage message);

        /** Said to a chat that has too many messages waiting. */
        Reply queueFull(IncomingMessage message);
    }

    /**
     * Whether this instance may still answer a chat. A message taken in hand is tied to the chat's
     * lease of that moment: once that lease ended, the message is another instance's, even if this
     * one leases the chat again later.
     */
    public interface Tenure {

        /** Alone with its database, an instance answers every chat, under one lease that never ends. */
        Tenure SOLE = new Tenure() {
            @Override
            public long lease(long chatId) {
                return 0;
            }

            @Override
            public boolean holds(long chatId, long lease) {
                return true;
            }
        };

        /** The chat's lease here now: a number that changes each time the chat is leased anew; negative when none. */
        long lease(long chatId);

        /** Whether the lease numbered {@code lease} still holds. */
        boolean holds(long chatId, long lease);
    }

    /** A write that ends a message's stay in hand. */
    @FunctionalInterface
    private interface Mark {
        void write(long updateId) throws StorageException;
    }

    /** Where answers go. */
    @FunctionalInterface
    public interface Outbox {
        /**
         * Sends the parts in order; returns how many are settled (delivered, or refused for good).
         * Fewer than all means the rest is to be sent again later.
         */
        int send(List<Reply> parts);
    }

    /**
     * How hard to try.
     *
     * @param maxPendingPerChat messages a chat may have waiting or in progress; more are turned away
     * @param retry             pauses after a message's handling failed, before it is tried again
     * @param resend            pauses before an answer Telegram did not take is sent again
     */
    public record Policy(int maxPendingPerChat, Backoff retry, Backoff resend) {
    }

    private final Inbox inbox;
    private final ChatQueues queues;
    private final Scheduler scheduler;
    private final Sleeper sleeper;
    private final Handler handler;
    private final Outbox outbox;
    private final Policy policy;
    private final BotMetrics metrics;
    private final Tenure tenure;
    /** The messages this instance holds, by update id, with their chats: queued, answering or waiting to retry. */
    private final Map<Long, Long> inHand = new ConcurrentHashMap<>();
    /** Chats told that they have too many messages waiting, until one of theirs finds room again. */
    private final Set<Long> overflowing = ConcurrentHashMap.newKeySet();
    /** Stored messages this instance took and then let go of unfinished, whose claim is still to be lifted. */
    private final Set<Long> letGo = ConcurrentHashMap.newKeySet();
    private volatile boolean abandoning;

    /**
     * @param scheduler runs delayed retries of failed messages
     * @param sleeper   paces the retries of a batch the database will not store
     * @param tenure    asked before a message is answered and before its answer is sent: a chat
     *                  another instance may have taken over is left to that instance
     */
    public Delivery(Inbox inbox, ChatQueues queues, Scheduler scheduler, Sleeper sleeper, Handler handler, Outbox outbox,
                    Policy policy, BotMetrics metrics, Tenure tenure) {
        this.metrics = metrics;
        this.tenure = tenure;
        this.inbox = inbox;
        this.queues = queues;
        this.scheduler = scheduler;
        this.sleeper = sleeper;
        this.handler = handler;
        this.outbox = outbox;
        this.policy = policy;
    }

    /** Queues everything left unfinished by the last run, in its original order, a page at a time. */
    public int recover() throws StorageException {
        int recovered = 0;
        long after = Long.MIN_VALUE;
        for (List<Inbox.Unfinished> page = inbox.unfinished(after, RECOVERY_PAGE); !page.isEmpty();
             page = inbox.unfinished(after, RECOVERY_PAGE)) {
            after = page.get(page.size() - 1).updateId();
            recovered += page.size();
            takeOver(page);
        }
        if (recovered > 0) {
            log.info("Recovered {} unanswered message(s) from the inbox", recovered);
        }
        return recovered;
    }

    /**
     * Queues stored messages this instance now answers, in the given order: left over from the last
     * run, or taken over from the shared inbox. An answer already made is resent, not asked again.
     */
    public void takeOver(List<Inbox.Unfinished> entries) {
        for (Inbox.Unfinished entry : entries) {
            if (inHand.containsKey(entry.updateId())) {
                // Held already (its claim was lifted and it was claimed again): one copy is enough.
                continue;
            }
            if (entry.message().isEmpty()) {
                parkUnreadable(entry.updateId());
            } else if (!entry.answer().isEmpty()) {
                IncomingMessage message = entry.message().get();
                inHand.put(message.updateId(), message.chatId());
                enqueue(message, new Answering(message, entry.answer(), tenure.lease(message.chatId())));
            } else {
                accept(entry.message().get());
            }
        }
    }

    private void parkUnreadable(long updateId) {
        try {
            inbox.park(updateId);
            log.error("Update {} in the inbox cannot be read any more; parked", updateId);
        } catch (StorageException e) {
            // Not parked now: taken again later, and parked then.
            letGo.add(updateId);
            log.error("Update {} in the inbox cannot be read any more, and could not be parked: {}", updateId, e.getMessage());
        }
    }

    /**
     * The chats this instance holds messages of: queued, being answered, waiting for a retry, or
     * answered and not yet marked so.
     */
    public Set<Long> busyChats() {
        return Set.copyOf(inHand.values());
    }

    /**
     * Stored messages this instance took and let go of unfinished since the last call (it lost
     * their chat, or could not park them): their claim is to be lifted, so they are taken again.
     */
    public List<Long> letGo() {
        List<Long> ids = List.copyOf(letGo);
        letGo.removeAll(ids);
        return ids;
    }

    /**
     * Stores the batch, retrying for as long as the database refuses (the batch must not be
     * acknowledged unstored, whatever the reason), then takes in the messages not seen before.
     * Returns early only when interrupted by shutdown, leaving the batch unacknowledged for the next
     * start.
     */
    public void admit(List<IncomingMessage> batch) {
        store(batch).forEach(this::accept);
    }

    /** Stores the batch once, or fails, and takes in the messages not seen before: a webhook call's way in. */
    public void admitOnce(List<IncomingMessage> batch) throws StorageException {
        storeOnce(batch).forEach(this::accept);
    }

    /**
     * Stores the batch like {@link #admit} but leaves answering to whichever instance takes the
     * messages from the shared inbox; returns the messages not stored before.
     */
    public List<IncomingMessage> store(List<IncomingMessage> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        for (int failures = 0; ; failures++) {
            try {
                return storeOnce(batch);
            } catch (StorageException | RuntimeException e) {
                log.error("Cannot store {} incoming message(s), polling waits: {}", batch.size(), e.getMessage());
            }
            try {
                sleeper.sleep(STORE_RETRY.pause(failures));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    /**
     * Stores the batch once; a webhook call that fails here is answered with an error, and Telegram
     * delivers the update again later. Returns the messages not stored before.
     */
    public List<IncomingMessage> storeOnce(List<IncomingMessage> batch) throws StorageException {
        List<IncomingMessage> fresh = inbox.admit(batch);
        metrics.received(fresh.size());
        return fresh;
    }

    /**
     * Stops delivering: answers made from now on (a model call cut short by shutdown) are not sent,
     * and their messages stay in the inbox for the next start.
     */
    public void abandon() {
        abandoning = true;
    }

    /** Screens a stored message and queues it, or turns it away at once. */
    private void accept(IncomingMessage message) {
        inHand.put(message.updateId(), message.chatId());
        Screening screening;
        try {
            screening = handler.screen(message);
        } catch (RuntimeException e) {
            log.error("Message {} could not be screened, handling it anyway: {}", message.updateId(), e.toString());
            screening = new Screening(true, List.of());
        }
        if (!screening.admitted()) {
            if (screening.replies().isEmpty()) {
                done(message);
            } else {
                enqueue(message, new Answering(message, screening.replies(), tenure.lease(message.chatId())));
            }
            return;
        }
        switch (queues.offer(message.chatId(), new Answering(message, null, tenure.lease(message.chatId())), policy.maxPendingPerChat())) {
            case QUEUED:
                overflowing.remove(message.chatId());
                break;
            case FULL:
                turnAwayOverflow(message);
                break;
            default:
                stays(message);
        }
    }

    /** One short notice per overflow, however many messages it turns away. */
    private void turnAwayOverflow(IncomingMessage message) {
        done(message);
        if (overflowing.add(message.chatId())) {
            log.warn("Chat {} has {} messages waiting; newer ones are turned away until there is room",
                    message.chatId(), policy.maxPendingPerChat());
            Reply notice = handler.queueFull(message);
            queues.runUnordered(() -> outbox.send(List.of(notice)));
        }
    }

    private void enqueue(IncomingMessage message, ChatTask task) {
        if (!queues.submit(message.chatId(), task)) {
            stays(message);
        }
    }

    private void stays(IncomingMessage message) {
        inHand.remove(message.updateId());
        log.info("Stopping: message {} in chat {} stays in the inbox for the next start", message.updateId(), message.chatId());
    }

    /** One message's way through its chat's turn: answered once, then delivered, however long that takes. */
    private final class Answering implements ChatTask {

        private final IncomingMessage message;
        /** The chat's lease the message was taken in hand under. */
        private final long lease;
        /** What is still to deliver; null until the message is answered. */
        private List<Reply> undelivered;
        private int resends;

        Answering(IncomingMessage message, List<Reply> undelivered, long lease) {
            this.message = message;
            this.undelivered = undelivered;
            this.lease = lease;
        }

        @Override
        public Optional<Duration> run() {
            if (!tenure.holds(message.chatId(), lease)) {
                leave(message);
                return Optional.empty();
            }
            if (undelivered == null) {
                try {
                    undelivered = handler.answer(message);
                } catch (Throwable e) { // NOPMD: any failure, StackOverflowError included, is a failed attempt
                    failed(message, lease, e);
                    return Optional.empty();
                }
            }
            if (abandoning) {
                stays(message);
                return Optional.empty();
            }
            if (!tenure.holds(message.chatId(), lease)) {
                leave(message);
                return Optional.empty();
            }
            int settled = outbox.send(undelivered);
            if (settled >= undelivered.size()) {
                metrics.answered();
                done(message);
                return Optional.empty();
            }
            undelivered = List.copyOf(undelivered.subList(settled, undelivered.size()));
            try {
                inbox.saveAnswer(message.updateId(), undelivered);
            } catch (StorageException e) {
                log.error("Answer to message {} not stored; it is resent while the bot runs: {}", message.updateId(), e.getMessage());
            }
            if (abandoning) {
                stays(message);
                return Optional.empty();
            }
            Duration pause = policy.resend().pause(resends++);
            metrics.retried("resend");
            log.warn("Answer to message {} in chat {} not delivered ({} part(s) left); the chat waits, next try in {} s",
                    message.updateId(), message.chatId(), undelivered.size(), pause.toSeconds());
            return Optional.of(pause);
        }
    }

    /** Another instance may answer the chat now: the message is left to it, unanswered here. */
    private void leave(IncomingMessage message) {
        inHand.remove(message.updateId());
        letGo.add(message.updateId());
        log.warn("Chat {} is no longer leased here; message {} is left to the instance that leases it now",
                message.chatId(), message.updateId());
    }

    private void done(IncomingMessage message) {
        finish(message, inbox::done, "marked done", () -> { }, 0);
    }

    /**
     * Lets the message out of hand once {@code mark} is written, then runs {@code then}. A write the
     * database refuses is tried again later, the message held meanwhile: its chat stays leased here,
     * so no other instance answers it again.
     */
    private void finish(IncomingMessage message, Mark mark, String what, Runnable then, int failures) {
        try {
            mark.write(message.updateId());
        } catch (StorageException e) {
            Duration pause = STORE_RETRY.pause(failures);
            log.error("Message {} in chat {} not {}, trying again in {} ms: {}",
                    message.updateId(), message.chatId(), what, pause.toMillis(), e.getMessage());
            try {
                scheduler.schedule(pause, () -> finish(message, mark, what, then, failures + 1));
            } catch (RejectedExecutionException stopping) {
                // The next start may answer it once more, which beats losing it.
                stays(message);
            }
            return;
        }
        inHand.remove(message.updateId());
        then.run();
    }

    private void failed(IncomingMessage message, long lease, Throwable cause) {
        if (!tenure.holds(message.chatId(), lease)) {
            // The instance that holds the chat now counts its own attempts.
            leave(message);
            return;
        }
        int attempts;
        try {
            attempts = inbox.failed(message.updateId());
        } catch (StorageException e) {
            // Not counted, so not parked now: tried again after the longest pause.
            log.error("Message {} failed and the failure was not recorded: {}; original failure: {}",
                    message.updateId(), e.getMessage(), cause.toString());
            attempts = MAX_ATTEMPTS - 1;
        }
        if (attempts >= MAX_ATTEMPTS) {
            int parkedAfter = attempts;
            finish(message, inbox::park, "parked", () -> apologise(message, parkedAfter, cause), 0);
            return;
        }
        Duration delay = policy.retry().pause(attempts - 1);
        log.warn("Message {} in chat {} failed (attempt {} of {}), retrying in {} ms: {}",
                message.updateId(), message.chatId(), attempts, MAX_ATTEMPTS, delay.toMillis(), cause.toString());
        // Retried later from the back of the chat's queue, so the chat's other messages go on.
        metrics.retried("handling");
        try {
            scheduler.schedule(delay, () -> enqueue(message, new Answering(message, null, lease)));
        } catch (RejectedExecutionException e) {
            stays(message);
        }
    }

    private void apologise(IncomingMessage message, int attempts, Throwable cause) {
        metrics.parked();
        log.error("Message {} in chat {} parked after {} failed attempts: {}",
                message.updateId(), message.chatId(), attempts, cause.toString());
        try {
            outbox.send(List.of(handler.apology(message)));
        } catch (RuntimeException e) {
            log.error("Could not tell chat {} that message {} failed: {}", message.chatId(), message.updateId(), e.toString());
        }
    }
}
