package io.github.gigabot.bench;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The updates Telegram holds for the bot, with real long-polling semantics: an {@code offset}
 * confirms everything below it, {@code timeout} holds the request until an update exists (woken at
 * once by a condition, never by a polling interval) or the time is up, {@code limit} caps a batch.
 */
final class UpdateQueue {

    /** One private-chat text message as the load sends it. */
    record Question(long chatId, String text) {
    }

    private record Held(long updateId, String json) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private long nextUpdateId = 1;
    private int nextMessageId = 1;

    /**
     * Makes the questions available together, in one step, and wakes a waiting poll.
     *
     * @return {@link System#nanoTime()} when they became available
     */
    long offer(List<Question> questions) {
        long epochSeconds = Instant.now().getEpochSecond();
        lock.lock();
        try {
            for (Question question : questions) {
                long updateId = nextUpdateId++;
                held.addLast(new Held(updateId, update(updateId, nextMessageId++, epochSeconds, question)));
            }
            long madeAvailable = System.nanoTime();
            arrived.signalAll();
            return madeAvailable;
        } finally {
            lock.unlock();
        }
    }

    private static String update(long updateId, int messageId, long epochSeconds, Question question) {
        ObjectNode update = HttpExchanges.JSON.createObjectNode();
        update.put("update_id", updateId);
        ObjectNode message = update.putObject("message");
        message.put("message_id", messageId).put("date", epochSeconds);
        message.putObject("chat").put("id", question.chatId()).put("type", "private").put("first_name", "U");
        message.putObject("from").put("id", question.chatId()).put("is_bot", false).put("first_name", "U").put("language_code", "ru");
        message.put("text", question.text());
        return update.toString();
    }

    /**
     * One getUpdates: confirms what lies below {@code offset}, then returns up to {@code limit}
     * updates from it, waiting up to {@code timeoutNanos} for the first to exist.
     */
    List<String> poll(long offset, int limit, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            while (!held.isEmpty() && held.peekFirst().updateId() < offset) {
                held.pollFirst();
            }
            long left = timeoutNanos;
            while (held.isEmpty() && left > 0) {
                left = arrived.awaitNanos(left);
            }
            List<String> batch = new ArrayList<>();
            for (Held update : held) {
                if (batch.size() >= limit) {
                    break;
                }
                if (update.updateId() >= offset) {
                    batch.add(update.json());
                }
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }
}
