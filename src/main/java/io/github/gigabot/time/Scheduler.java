package io.github.gigabot.time;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a pause, on another thread. The seam through which delayed retries are
 * scheduled, so tests can move time forward instead of waiting for it.
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Runs {@code task} after {@code delay}.
     *
     * @throws RejectedExecutionException once the scheduler has been shut down
     */
    void schedule(Duration delay, Runnable task);

    /** Schedules on {@code executor}; whoever made it shuts it down. */
    static Scheduler using(ScheduledExecutorService executor) {
        return (delay, task) -> executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
