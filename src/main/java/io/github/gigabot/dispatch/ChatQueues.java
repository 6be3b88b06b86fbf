package io.github.gigabot.dispatch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work for many chats at once while keeping each chat's work in arrival order: one queue per
 * chat, at most one task of a chat running at a time. After each task the chat goes to the back of
 * the worker pool's line, so a chat with many messages does not hold a worker for all of them.
 */
public final class ChatQueues {

    private static final Logger log = LoggerFactory.getLogger(ChatQueues.class);

    private final ExecutorService workers;
    private final Object lock = new Object();
    /** Per chat: the running task first, then the waiting ones. Absent when the chat is idle. */
    private final Map<Long, Queue<Runnable>> queues = new HashMap<>();
    private boolean closed;

    /** @param workers the pool that runs the tasks; this object shuts it down in {@link #shutdown} */
    public ChatQueues(ExecutorService workers) {
        this.workers = workers;
    }

    /**
     * Queues {@code task} behind the chat's earlier tasks. Returns false, dropping the task, once
     * shutdown has begun.
     */
    public boolean submit(long chatId, Runnable task) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            Queue<Runnable> queue = queues.computeIfAbsent(chatId, id -> new ArrayDeque<>());
            queue.add(task);
            if (queue.size() == 1) {
                schedule(chatId);
            }
            return true;
        }
    }

    /** Messages waiting or running, over all chats. */
    public int pending() {
        synchronized (lock) {
            return queues.values().stream().mapToInt(Queue::size).sum();
        }
    }

    private void schedule(long chatId) {
        try {
            workers.execute(() -> runNext(chatId));
        } catch (RejectedExecutionException e) {
            Queue<Runnable> dropped = queues.remove(chatId);
            log.warn("Shutting down: {} queued task(s) of chat {} not run", dropped == null ? 0 : dropped.size(), chatId);
        }
    }

    private void runNext(long chatId) {
        Runnable task;
        synchronized (lock) {
            task = queues.get(chatId).peek();
        }
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            // A task's failure must not stop the chat's later tasks.
            log.error("Task for chat {} failed: {}", chatId, e.toString());
        } finally {
            synchronized (lock) {
                Queue<Runnable> queue = queues.get(chatId);
                queue.remove();
                if (queue.isEmpty()) {
                    queues.remove(chatId);
                } else {
                    schedule(chatId);
                }
            }
        }
    }

    /**
     * Stops taking tasks, lets the running ones finish for up to {@code grace}, then interrupts
     * them. Tasks that had not started are not run.
     *
     * @return true when everything running finished within the grace period
     */
    public boolean shutdown(Duration grace) {
        synchronized (lock) {
            closed = true;
        }
        workers.shutdown();
        try {
            if (workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        return false;
    }
}
