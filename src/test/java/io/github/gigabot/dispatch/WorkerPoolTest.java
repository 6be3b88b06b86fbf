package io.github.gigabot.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    private final AtomicInteger started = new AtomicInteger();
    private final ThreadFactory threads = task -> {
        started.incrementAndGet();
        Thread thread = new Thread(task, "test-worker");
        thread.setDaemon(true);
        return thread;
    };
    private ThreadPoolExecutor pool;

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void tasksOneAfterAnotherReuseOneThread() throws Exception {
        pool = WorkerPool.create(800, Duration.ofMinutes(1), threads);
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 50; i++) {
            CountDownLatch done = new CountDownLatch(1);
            pool.execute(() -> {
                used.add(Thread.currentThread());
                done.countDown();
            });
            assertTrue(done.await(5, TimeUnit.SECONDS));
            awaitIdle();
        }
        assertEquals(1, used.size());
        assertEquals(1, started.get(), "a fixed pool of 800 would have started 50 threads");
    }

    @Test
    void growsForTasksRunningAtOnceUpToTheMaximumThenQueues() throws Exception {
        pool = WorkerPool.create(3, Duration.ofMinutes(1), threads);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(3);
        AtomicInteger finished = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            pool.execute(() -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                finished.incrementAndGet();
            });
        }
        assertTrue(running.await(5, TimeUnit.SECONDS), "three ran at once");
        assertEquals(3, pool.getPoolSize());
        assertEquals(2, pool.getQueue().size(), "the rest wait");

        release.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        assertEquals(5, finished.get());
        assertEquals(3, started.get());
    }

    @Test
    void idleThreadsGo() throws Exception {
        pool = WorkerPool.create(4, Duration.ofMillis(50), threads);
        CountDownLatch done = new CountDownLatch(2);
        pool.execute(done::countDown);
        pool.execute(done::countDown);
        assertTrue(done.await(5, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.getPoolSize() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, pool.getPoolSize());
    }

    @Test
    void refusesWorkOnceShutDown() {
        pool = WorkerPool.create(2, Duration.ofMinutes(1), threads);
        pool.shutdown();
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
    }

    /** Waits until a finished worker is back waiting for work. */
    private void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!((LinkedTransferQueue<Runnable>) pool.getQueue()).hasWaitingConsumer() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }
}
