package io.github.gigabot.dispatch;

import java.time.Duration;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The chat workers: a pool that hands a task to an idle thread when there is one, starts a new
 * thread only when there is none (up to {@code maxThreads}), queues beyond that, and lets threads
 * that stayed idle for {@code keepAlive} go. A fixed pool would instead start a fresh thread for
 * each of its first {@code maxThreads} tasks and keep them all for good: hundreds of stacks for a
 * bot that answers one chat at a time.
 */
public final class WorkerPool {

    private WorkerPool() {
    }

    public static ThreadPoolExecutor create(int maxThreads, Duration keepAlive, ThreadFactory threads) {
        IdleFirstQueue queue = new IdleFirstQueue();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, maxThreads, keepAlive.toNanos(), TimeUnit.NANOSECONDS, queue, threads,
                (task, executor) -> {
                    if (executor.isShutdown()) {
                        throw new RejectedExecutionException("worker pool is shut down");
                    }
                    // The pool reached its size between the queue's look and the thread start: queue it after
                    // all, and should every worker have timed out meanwhile, start one for it.
                    queue.enqueue(task);
                    if (executor.getPoolSize() == 0) {
                        executor.execute(() -> { });
                    }
                });
        queue.pool = pool;
        return pool;
    }

    /**
     * Takes a task only when an idle worker is waiting for it or the pool cannot grow, so that
     * {@link ThreadPoolExecutor} starts a thread in every other case (by default it would queue
     * first and grow only once the queue is full, which an unbounded queue never is).
     */
    private static final class IdleFirstQueue extends LinkedTransferQueue<Runnable> {

        private static final long serialVersionUID = 1L;
        private transient volatile ThreadPoolExecutor pool;

        @Override
        public boolean offer(Runnable task) {
            if (tryTransfer(task)) {
                return true;
            }
            return pool.getPoolSize() >= pool.getMaximumPoolSize() && super.offer(task);
        }

        void enqueue(Runnable task) {
            super.offer(task);
        }
    }
}
