package io.github.gigabot.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ChatQueuesTest {

    @Test
    void oneChatsTasksRunInOrderAndNeverOverlap() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(8));
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            int n = i;
            queues.submit(7, () -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                order.add(n);
                sleep(1);
                running.decrementAndGet();
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(1, maxRunning.get(), "a chat's tasks never overlap");
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add(i);
        }
        assertEquals(expected, order);
        assertTrue(queues.shutdown(Duration.ofSeconds(1)));
    }

    @Test
    void differentChatsRunAtTheSameTime() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(4));
        CountDownLatch allStarted = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        for (long chat = 1; chat <= 3; chat++) {
            queues.submit(chat, () -> {
                allStarted.countDown();
                await(release);
            });
        }
        assertTrue(allStarted.await(5, TimeUnit.SECONDS), "three chats ran in parallel");
        release.countDown();
        assertTrue(queues.shutdown(Duration.ofSeconds(5)));
    }

    @Test
    void aFailingTaskDoesNotStopItsChat() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(2));
        CountDownLatch second = new CountDownLatch(1);
        queues.submit(1, () -> {
            throw new IllegalStateException("boom");
        });
        queues.submit(1, second::countDown);
        assertTrue(second.await(5, TimeUnit.SECONDS));
        assertTrue(queues.shutdown(Duration.ofSeconds(1)));
    }

    @Test
    void shutdownLetsRunningTasksFinishAndDropsTheRest() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(2));
        CountDownLatch started = new CountDownLatch(1);
        Map<String, Boolean> ran = new ConcurrentHashMap<>();
        queues.submit(1, () -> {
            started.countDown();
            sleep(200);
            ran.put("first", true);
        });
        queues.submit(1, () -> ran.put("second", true));
        assertTrue(started.await(5, TimeUnit.SECONDS));

        assertTrue(queues.shutdown(Duration.ofSeconds(5)), "the running task finished within the grace period");
        assertEquals(Map.of("first", true), ran, "the task that had not started is not run");
        assertFalse(queues.submit(1, () -> ran.put("late", true)), "no new work after shutdown");
        assertEquals(0, queues.pending());
    }

    @Test
    void shutdownInterruptsTasksThatOutliveTheGracePeriod() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        queues.submit(1, () -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertFalse(queues.shutdown(Duration.ofMillis(100)));
        assertTrue(interrupted.await(5, TimeUnit.SECONDS));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
