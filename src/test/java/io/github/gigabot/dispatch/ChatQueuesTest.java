package io.github.gigabot.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.gigabot.fakes.Conditions;
import io.github.gigabot.time.ManualScheduler;
import org.junit.jupiter.api.Test;

class ChatQueuesTest {

    private final ManualScheduler scheduler = new ManualScheduler();


    @Test
    void oneChatsTasksRunInOrderAndNeverOverlap() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(8), scheduler);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            int n = i;
            queues.submit(7, ChatTask.of(() -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                order.add(n);
                sleep(1);
                running.decrementAndGet();
                done.countDown();
            }));
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
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(4), scheduler);
        CountDownLatch allStarted = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        for (long chat = 1; chat <= 3; chat++) {
            queues.submit(chat, ChatTask.of(() -> {
                allStarted.countDown();
                await(release);
            }));
        }
        assertTrue(allStarted.await(5, TimeUnit.SECONDS), "three chats ran in parallel");
        release.countDown();
        assertTrue(queues.shutdown(Duration.ofSeconds(5)));
    }

    @Test
    void aFailingTaskDoesNotStopItsChat() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(2), scheduler);
        CountDownLatch second = new CountDownLatch(1);
        queues.submit(1, ChatTask.of(() -> {
            throw new IllegalStateException("boom");
        }));
        queues.submit(1, ChatTask.of(second::countDown));
        assertTrue(second.await(5, TimeUnit.SECONDS));
        assertTrue(queues.shutdown(Duration.ofSeconds(1)));
    }

    @Test
    void shutdownLetsRunningTasksFinishAndDropsTheRest() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(2), scheduler);
        CountDownLatch started = new CountDownLatch(1);
        Map<String, Boolean> ran = new ConcurrentHashMap<>();
        queues.submit(1, ChatTask.of(() -> {
            started.countDown();
            sleep(200);
            ran.put("first", true);
        }));
        queues.submit(1, ChatTask.of(() -> ran.put("second", true)));
        assertTrue(started.await(5, TimeUnit.SECONDS));

        assertTrue(queues.shutdown(Duration.ofSeconds(5)), "the running task finished within the grace period");
        assertEquals(Map.of("first", true), ran, "the task that had not started is not run");
        assertFalse(queues.submit(1, ChatTask.of(() -> ran.put("late", true))), "no new work after shutdown");
        assertEquals(0, queues.pending());
    }

    @Test
    void shutdownInterruptsTasksThatOutliveTheGracePeriod() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(1), scheduler);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        queues.submit(1, ChatTask.of(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        }));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertFalse(queues.shutdown(Duration.ofMillis(100)));
        assertTrue(interrupted.await(5, TimeUnit.SECONDS));
    }

    @Test
    void shutdownReturnsOnlyOnceInterruptedTasksHaveEnded() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(1), scheduler);
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean ended = new AtomicBoolean();
        queues.submit(1, ChatTask.of(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // Like a worker still writing its result: it takes a moment after the interrupt.
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                ended.set(true);
            }
        }));
        assertTrue(started.await(5, TimeUnit.SECONDS));

        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        assertFalse(queues.shutdown(Duration.ofMillis(50), () -> steps.add(ended.get() ? "abandoned late" : "abandoned first")));
        assertTrue(ended.get(), "the database may be closed only after every worker has stopped");
        assertEquals(List.of("abandoned first"), steps, "what is cut short is abandoned before the interrupt");
    }

    @Test
    void aHeldTaskKeepsItsChatsOrderWithoutHoldingAWorker() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(1), scheduler);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger tries = new AtomicInteger();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch otherChatRan = new CountDownLatch(1);
        CountDownLatch all = new CountDownLatch(1);
        queues.submit(1, () -> {
            ran.add("first, try " + tries.incrementAndGet());
            if (tries.get() < 3) {
                held.countDown();
                return Optional.of(Duration.ofSeconds(tries.get()));
            }
            return Optional.empty();
        });
        queues.submit(1, ChatTask.of(() -> {
            ran.add("second");
            all.countDown();
        }));
        assertTrue(held.await(5, TimeUnit.SECONDS));
        queues.submit(2, ChatTask.of(otherChatRan::countDown));

        assertTrue(otherChatRan.await(5, TimeUnit.SECONDS), "the only worker is free while chat 1 is held");
        Conditions.await(() -> scheduler.waiting() == 1, Duration.ofSeconds(5), "a retry scheduled");
        assertEquals(Duration.ofSeconds(1), scheduler.nextDelay());
        assertEquals(2, queues.pending(1), "held and waiting tasks both count");
        scheduler.advance(Duration.ofSeconds(1));
        Conditions.await(() -> tries.get() == 2 && scheduler.waiting() == 1, Duration.ofSeconds(5), "a second try and a retry scheduled");
        assertEquals(Duration.ofSeconds(2), scheduler.nextDelay());
        scheduler.advance(Duration.ofSeconds(2));

        assertTrue(all.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("first, try 1", "first, try 2", "first, try 3", "second"), ran);
        assertTrue(queues.shutdown(Duration.ofSeconds(1)));
    }

    @Test
    void offerRefusesBeyondTheChatsLimitOnly() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(2), scheduler);
        CountDownLatch release = new CountDownLatch(1);
        assertEquals(ChatQueues.Offer.QUEUED, queues.offer(1, ChatTask.of(() -> await(release)), 2));
        assertEquals(ChatQueues.Offer.QUEUED, queues.offer(1, ChatTask.of(() -> { }), 2));
        assertEquals(ChatQueues.Offer.FULL, queues.offer(1, ChatTask.of(() -> { }), 2));
        assertEquals(ChatQueues.Offer.QUEUED, queues.offer(2, ChatTask.of(() -> { }), 2), "other chats have room of their own");
        assertEquals(2, queues.pending(1));

        release.countDown();
        Conditions.await(() -> queues.pending() == 0, Duration.ofSeconds(5), "nothing pending");
        assertEquals(ChatQueues.Offer.QUEUED, queues.offer(1, ChatTask.of(() -> { }), 2), "room again once the chat drained");
        assertTrue(queues.shutdown(Duration.ofSeconds(1)));
        assertEquals(ChatQueues.Offer.CLOSED, queues.offer(3, ChatTask.of(() -> { }), 2));
    }

    @Test
    void unorderedWorkDoesNotWaitBehindABusyChat() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(2), scheduler);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch notice = new CountDownLatch(1);
        queues.submit(1, ChatTask.of(() -> await(release)));

        queues.runUnordered(notice::countDown);
        assertTrue(notice.await(5, TimeUnit.SECONDS));
        assertEquals(1, queues.pending(), "unordered work is not a chat's task");
        release.countDown();
        assertTrue(queues.shutdown(Duration.ofSeconds(1)));
        AtomicBoolean late = new AtomicBoolean();
        queues.runUnordered(() -> late.set(true));
        assertFalse(late.get(), "nothing runs after shutdown");
    }

    @Test
    void aHeldChatIsDroppedAtShutdownAndAbandonIsCalledBeforeInterrupting() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(1), scheduler);
        CountDownLatch held = new CountDownLatch(1);
        queues.submit(1, () -> {
            held.countDown();
            return Optional.of(Duration.ofMinutes(5));
        });
        assertTrue(held.await(5, TimeUnit.SECONDS));
        Conditions.await(() -> scheduler.waiting() == 1, Duration.ofSeconds(5), "a retry scheduled");
        AtomicBoolean abandoned = new AtomicBoolean();

        assertTrue(queues.shutdown(Duration.ofSeconds(1), () -> abandoned.set(true)));
        assertFalse(abandoned.get(), "nothing was running, so nothing to abandon");
        assertEquals(0, queues.pending());
        scheduler.advance(Duration.ofMinutes(5));
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
