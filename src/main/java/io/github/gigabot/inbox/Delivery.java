package io.github.gigabot.inbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.dispatch.ChatQueues;
import io.github.gigabot.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once delivery of messages to their handler. A polled batch is stored before
 * {@link #admit} returns (and so before Telegram is told it arrived); each message is then handled
 * in its chat's queue and marked done. What was not done when the bot stopped, however it stopped,
 * is handled first at the next start. A message whose handling keeps failing is retried a few times
 * with growing pauses, then parked, without holding up its chat.
 */
public final class Delivery {

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    /** Attempts before a message is parked. */
    public static final int MAX_ATTEMPTS = 3;
    private static final Duration STORE_RETRY_MAX = Duration.ofSeconds(30);

    private final Inbox inbox;
    private final ChatQueues queues;
    private final ScheduledExecutorService scheduler;
    private final Consumer<IncomingMessage> handler;
    private final Consumer<IncomingMessage> onGiveUp;
    private final Duration retryBase;

    /**
     * @param scheduler runs delayed retries of failed messages
     * @param handler   answers one message; an exception counts as a failed attempt
     * @param onGiveUp  told of a message that is parked, so the user hears something
     * @param retryBase pause after the first failure, doubled after each next one
     */
    public Delivery(Inbox inbox, ChatQueues queues, ScheduledExecutorService scheduler,
                    Consumer<IncomingMessage> handler, Consumer<IncomingMessage> onGiveUp, Duration retryBase) {
        this.inbox = inbox;
        this.queues = queues;
        this.scheduler = scheduler;
        this.handler = handler;
        this.onGiveUp = onGiveUp;
        this.retryBase = retryBase;
    }

    /** Queues everything left unfinished by the last run, in its original order. */
    public int recover() throws StorageException {
        List<Inbox.Unfinished> unfinished = inbox.unfinished();
        for (Inbox.Unfinished entry : unfinished) {
            if (entry.message().isPresent()) {
                submit(entry.message().get());
            } else {
                log.error("Update {} in the inbox cannot be read any more; parked", entry.updateId());
                inbox.park(entry.updateId());
            }
        }
        if (!unfinished.isEmpty()) {
            log.info("Recovered {} unanswered message(s) from the inbox", unfinished.size());
        }
        return unfinished.size();
    }

    /**
     * Stores the batch, retrying for as long as the database refuses (the batch must not be
     * acknowledged unstored), then queues the messages not seen before. Returns early only when
     * interrupted by shutdown, leaving the batch unacknowledged for the next start.
     */
    public void admit(List<IncomingMessage> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long pauseMillis = 500;
        while (true) {
            try {
                inbox.admit(batch).forEach(this::submit);
                return;
            } catch (StorageException e) {
                log.error("Cannot store {} incoming message(s), polling waits: {}", batch.size(), e.getMessage());
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pauseMillis = Math.min(STORE_RETRY_MAX.toMillis(), pauseMillis * 2);
        }
    }

    private void submit(IncomingMessage message) {
        if (!queues.submit(message.chatId(), () -> process(message))) {
            log.info("Stopping: message {} in chat {} stays in the inbox for the next start",
                    message.updateId(), message.chatId());
        }
    }

    private void process(IncomingMessage message) {
        try {
            handler.accept(message);
        } catch (RuntimeException e) {
            failed(message, e);
            return;
        }
        try {
            inbox.done(message.updateId());
        } catch (StorageException e) {
            // Answered but not marked: the next start may answer it once more, which beats losing it.
            log.error("Message {} answered but not marked done: {}", message.updateId(), e.getMessage());
        }
    }

    private void giveUp(IncomingMessage message) {
        try {
            onGiveUp.accept(message);
        } catch (RuntimeException e) {
            log.error("Could not tell chat {} that message {} failed: {}", message.chatId(), message.updateId(), e.toString());
        }
    }

    private void failed(IncomingMessage message, RuntimeException cause) {
        try {
            int attempts = inbox.failed(message.updateId());
            if (attempts >= MAX_ATTEMPTS) {
                inbox.park(message.updateId());
                log.error("Message {} in chat {} parked after {} failed attempts: {}",
                        message.updateId(), message.chatId(), attempts, cause.toString());
                giveUp(message);
                return;
            }
            long delayMillis = retryBase.toMillis() << (attempts - 1);
            log.warn("Message {} in chat {} failed (attempt {} of {}), retrying in {} ms: {}",
                    message.updateId(), message.chatId(), attempts, MAX_ATTEMPTS, delayMillis, cause.toString());
            // Retried later from the back of the chat's queue, so the chat's other messages go on.
            scheduler.schedule(() -> submit(message), delayMillis, TimeUnit.MILLISECONDS);
        } catch (StorageException e) {
            log.error("Message {} failed and the failure was not recorded: {}; original failure: {}",
                    message.updateId(), e.getMessage(), cause.toString());
        } catch (RejectedExecutionException e) {
            log.info("Stopping: message {} stays in the inbox for the next start", message.updateId());
        }
    }
}
