package io.github.gigabot.time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link Scheduler} on virtual time: tasks run when a test moves the time forward past them, on
 * the test's thread, in the order they fall due.
 */
public final class ManualScheduler implements Scheduler {

    private record Due(long atNanos, long sequence, Runnable task) {
    }

    private final List<Due> due = new ArrayList<>();
    private long nowNanos;
    private long sequence;
    private boolean shutDown;

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
        if (shutDown) {
            throw new RejectedExecutionException("shut down");
        }
        due.add(new Due(nowNanos + delay.toNanos(), sequence++, task));
    }

    /** Moves time forward by {@code step}, running every task that falls due on the way. */
    public void advance(Duration step) {
        long target;
        synchronized (this) {
            target = nowNanos + step.toNanos();
        }
        while (true) {
            Due next;
            synchronized (this) {
                next = due.stream().filter(d -> d.atNanos() <= target)
                        .min(Comparator.comparingLong(Due::atNanos).thenComparingLong(Due::sequence)).orElse(null);
                if (next == null) {
                    nowNanos = target;
                    return;
                }
                due.remove(next);
                nowNanos = Math.max(nowNanos, next.atNanos());
            }
            next.task().run();
        }
    }

    /** Time passed since the start, in whole milliseconds. */
    public synchronized long nowMillis() {
        return nowNanos / 1_000_000;
    }

    /** Tasks scheduled and not yet run. */
    public synchronized int waiting() {
        return due.size();
    }

    /** The pause of the task that falls due first, from now; null when none waits. */
    public synchronized Duration nextDelay() {
        return due.stream().mapToLong(Due::atNanos).min().stream()
                .mapToObj(at -> Duration.ofNanos(at - nowNanos)).findFirst().orElse(null);
    }

    public synchronized void shutdown() {
        shutDown = true;
        due.clear();
    }
}
