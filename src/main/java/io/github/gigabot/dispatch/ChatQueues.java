package io.github.gigabot.dispatch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.gigabot.time.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work for many chats at once while keeping each chat's work in arrival order: one queue per
 * chat, at most one task of a chat running at a time. After each task the chat goes to the back of
 * the worker pool's line, so a chat with many messages does not hold a worker for all of them. A
 * task may ask to run again after a pause (an answer Telegram would not take yet): its chat is held
 * until then, without occupying a worker.
 */
public final class ChatQueues {

    private static final Logger log = LoggerFactory.getLogger(ChatQueues.class);
    /** How long stopping waits for interrupted tasks to end, so nothing outlives what it uses. */
    private static final Duration INTERRUPTED_TASKS_WAIT = Duration.ofSeconds(10);

    /** What became of an offered task. */
    public enum Offer {
        /** Queued behind the chat's earlier tasks. */
        QUEUED,
        /** Not queued: the chat already has as many tasks as allowed. */
        FULL,
        /** Not queued: shutdown has begun. */
        CLOSED
    }

    private final ExecutorService workers;
    private final Scheduler scheduler;
    private final Object lock = new Object();
    /** Per chat: the running (or held) task first, then the waiting ones. Absent when the chat is idle. */
    private final Map<Long, Queue<ChatTask>> queues = new HashMap<>();
    private boolean closed;

    /**
     * @param workers   the pool that runs the tasks; this object shuts it down in {@link #shutdown}
     * @param scheduler wakes held chats up
     */
    public ChatQueues(ExecutorService workers, Scheduler scheduler) {
        this.workers = workers;
        this.scheduler = scheduler;
    }

    /**
     * Queues {@code task} behind the chat's earlier tasks unless the chat already has {@code limit}
     * tasks, running and waiting.
     */
    public Offer offer(long chatId, ChatTask task, int limit) {
        synchronized (lock) {
            if (closed) {
                return Offer.CLOSED;
            }
            Queue<ChatTask> queue = queues.computeIfAbsent(chatId, id -> new ArrayDeque<>());
            if (queue.size() >= limit) {
                return Offer.FULL;
            }
            queue.add(task);
            if (queue.size() == 1) {
                schedule(chatId);
            }
            return Offer.QUEUED;
        }
    }

    /**
     * Queues {@code task} behind the chat's earlier tasks, however many there are. Returns false,
     * dropping the task, once shutdown has begun.
     */
    public boolean submit(long chatId, ChatTask task) {
        return offer(chatId, task, Integer.MAX_VALUE) == Offer.QUEUED;
    }

    /**
     * Runs {@code task} on a worker outside every chat's order (a notice that must not wait behind
     * the chat's queue). Once shutdown has begun it is dropped.
     */
    public void runUnordered(Runnable task) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                workers.execute(() -> runGuarded(0, ChatTask.of(task)));
            } catch (RejectedExecutionException e) {
                log.info("Shutting down: unordered task not run");
            }
        }
    }

    /** Tasks waiting, held or running, over all chats. */
    public int pending() {
        synchronized (lock) {
            return queues.values().stream().mapToInt(Queue::size).sum();
        }
    }

    /** Tasks waiting, held or running in one chat. */
    public int pending(long chatId) {
        synchronized (lock) {
            Queue<ChatTask> queue = queues.get(chatId);
            return queue == null ? 0 : queue.size();
        }
    }

    private void schedule(long chatId) {
        try {
            workers.execute(() -> runNext(chatId));
        } catch (RejectedExecutionException e) {
            Queue<ChatTask> dropped = queues.remove(chatId);
            log.info("Shutting down: {} queued task(s) of chat {} not run", dropped == null ? 0 : dropped.size(), chatId);
        }
    }

    private void runNext(long chatId) {
        ChatTask task;
        synchronized (lock) {
            task = queues.get(chatId).peek();
        }
        Optional<Duration> again = runGuarded(chatId, task);
        synchronized (lock) {
            Queue<ChatTask> queue = queues.get(chatId);
            if (again.isPresent()) {
                hold(chatId, again.get());
                return;
            }
            queue.remove();
            if (queue.isEmpty()) {
                queues.remove(chatId);
            } else {
                schedule(chatId);
            }
        }
    }

    /** Keeps the chat's first task in place and runs it again after {@code pause}. */
    private void hold(long chatId, Duration pause) {
        try {
            scheduler.schedule(pause, () -> {
                synchronized (lock) {
                    if (queues.containsKey(chatId)) {
                        schedule(chatId);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            Queue<ChatTask> dropped = queues.remove(chatId);
            log.info("Shutting down: {} held task(s) of chat {} not run", dropped == null ? 0 : dropped.size(), chatId);
        }
    }

    private static Optional<Duration> runGuarded(long chatId, ChatTask task) {
        try {
            return task.run();
        } catch (RuntimeException | Error e) {
            // A task's failure must not stop the chat's later tasks.
            log.error("Task for chat {} failed: {}", chatId, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Stops taking tasks, lets the running ones finish for up to {@code grace}, then runs
     * {@code beforeInterrupt} (to abandon what is left) and interrupts them, and returns once they
     * have ended. Tasks that had not started, and held ones, are not run.
     *
     * @return true when everything running finished within the grace period
     */
    public boolean shutdown(Duration grace, Runnable beforeInterrupt) {
        synchronized (lock) {
            closed = true;
        }
        workers.shutdown();
        boolean finished = awaitWorkers(grace);
        if (!finished) {
            beforeInterrupt.run();
            workers.shutdownNow();
            if (!awaitWorkers(INTERRUPTED_TASKS_WAIT)) {
                log.warn("Some chat workers did not stop within {} s of being interrupted", INTERRUPTED_TASKS_WAIT.toSeconds());
            }
        }
        synchronized (lock) {
            queues.clear();
        }
        return finished;
    }

    /** {@link #shutdown(Duration, Runnable)} with nothing to do before interrupting. */
    public boolean shutdown(Duration grace) {
        return shutdown(grace, () -> { });
    }

    private boolean awaitWorkers(Duration timeout) {
        try {
            return workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
