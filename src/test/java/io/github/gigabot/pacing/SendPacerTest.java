package io.github.gigabot.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The blocking gate: waits on a hand-moved clock, and real threads on the real clock. */
class SendPacerTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aSendWithRoomGoesAtOnce() throws Exception {
        ManualPacer manual = new ManualPacer(SendLimits.telegram(30), waits::add);

        assertTrue(manual.pacer().awaitTurn(1, PATIENCE));
        assertTrue(manual.pacer().awaitTurn(1, PATIENCE));
        assertEquals(List.of(Duration.ofNanos(33_333_333)), waits, "the second waits for the overall pace only");
    }

    @Test
    void aRefusedChatWaitsAsLongAsTelegramAsked() throws Exception {
        ManualPacer manual = new ManualPacer(SendLimits.telegram(30), waits::add);
        manual.pacer().refused(5, Duration.ofSeconds(7));

        assertTrue(manual.pacer().awaitTurn(5, PATIENCE));
        assertEquals(List.of(Duration.ofSeconds(7)), waits);
    }

    @Test
    void aHoldLongerThanThePatienceIsNotWaitedAndCostsNothing() throws Exception {
        ManualPacer manual = new ManualPacer(SendLimits.telegram(30), waits::add);
        manual.pacer().refused(5, Duration.ofMinutes(10));

        assertFalse(manual.pacer().awaitTurn(5, PATIENCE));
        assertTrue(manual.pacer().awaitTurn(6, PATIENCE), "another chat goes on");
        assertEquals(List.of(), waits, "the refused try took no turn");
        manual.advance(Duration.ofMinutes(8));
        assertTrue(manual.pacer().awaitTurn(5, PATIENCE));
        assertEquals(List.of(Duration.ofMinutes(2)), waits);
    }

    @Test
    void draftsAreSkippedNotQueued() throws Exception {
        ManualPacer manual = new ManualPacer(SendLimits.telegram(30), waits::add);
        assertTrue(manual.pacer().tryDraft(1));
        assertFalse(manual.pacer().tryDraft(2));
        manual.advance(Duration.ofMillis(34));
        assertTrue(manual.pacer().tryDraft(2));
        assertEquals(List.of(), waits);
        assertTrue(threads.submit(() -> manual.pacer().awaitTurn(3, PATIENCE)).get(5, TimeUnit.SECONDS),
                "the pacer is free for other threads after a draft");
    }

    @Test
    void manyThreadsAreAllLetThroughAtThePaceOldestFirst() throws Exception {
        SendPacer pacer = SendPacer.system(SendLimits.telegram(100));
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> sends = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            int chat = i;
            CountDownLatch queued = new CountDownLatch(1);
            sends.add(threads.submit(() -> {
                queued.countDown();
                assertTrue(pacer.awaitTurn(chat, PATIENCE));
                order.add(chat);
                return null;
            }));
            queued.await();
            // Let it reach the queue before the next one, so "oldest" is well defined.
            waitUntilQueued(pacer, i + 1, order);
        }
        for (Future<?> send : sends) {
            send.get(10, TimeUnit.SECONDS);
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(20, order.size());
        assertTrue(elapsedMillis >= 190, "20 sends at 100 a second take at least 190 ms, took " + elapsedMillis);
        List<Integer> sorted = new ArrayList<>(order);
        Collections.sort(sorted);
        assertEquals(sorted, order, "oldest first: " + order);
    }

    /** Waits until {@code count} sends have either gone or are queued (the newest one parked in the pacer). */
    private static void waitUntilQueued(SendPacer pacer, int count, List<Integer> gone) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gone.size() + pacer.waiting() < count && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    @Test
    void oneBusyChatDoesNotHoldUpTheOthers() throws Exception {
        SendPacer pacer = new SendPacer(new SendLimits(1000, 1, 1, Duration.ofMillis(300), 20, Duration.ofSeconds(3), 1000),
                System::nanoTime, SendPacer.Waiting.real());
        List<Long> order = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> busy = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 3; i++) {
                await(pacer, 1);
                order.add(1L);
            }
        }, threads);
        while (order.isEmpty()) {
            Thread.sleep(1);
        }
        await(pacer, 2);
        order.add(2L);
        busy.get(10, TimeUnit.SECONDS);

        assertEquals(List.of(1L, 2L, 1L, 1L), order, "chat 2 passed while chat 1 waited for its pace");
    }

    @Test
    void anInterruptedWaitLeavesTheQueueAndTheOthersGoOn() throws Exception {
        SendPacer pacer = SendPacer.system(SendLimits.telegram(30));
        pacer.refused(1, Duration.ofSeconds(60));
        CountDownLatch started = new CountDownLatch(1);
        Future<Boolean> stuck = threads.submit(() -> {
            started.countDown();
            return pacer.awaitTurn(1, PATIENCE);
        });
        started.await();
        while (pacer.waiting() == 0) {
            Thread.sleep(1);
        }
        stuck.cancel(true);
        while (pacer.waiting() != 0) {
            Thread.sleep(1);
        }

        assertTrue(threads.submit(() -> pacer.awaitTurn(2, PATIENCE)).get(5, TimeUnit.SECONDS));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> pacer.awaitTurn(3, PATIENCE));
        assertFalse(Thread.currentThread().isInterrupted());
    }

    private static void await(SendPacer pacer, long chat) {
        try {
            assertTrue(pacer.awaitTurn(chat, PATIENCE));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aHoldThatBeginsWhileWaitingCountsAgainstThePatience() throws Exception {
        ManualPacer[] manual = new ManualPacer[1];
        manual[0] = new ManualPacer(SendLimits.telegram(30), wait -> {
            waits.add(wait);
            if (waits.size() == 1) {
                // Meanwhile two other chats are refused for an hour within a second: everything is held.
                manual[0].pacer().refused(7, Duration.ofHours(1));
                manual[0].pacer().refused(8, Duration.ofHours(1));
            }
        });
        SendPacer pacer = manual[0].pacer();
        manual[0].advance(Duration.ofDays(1)); // far from the clock's origin, as System.nanoTime may be
        assertTrue(pacer.awaitTurn(1, PATIENCE));

        assertFalse(pacer.awaitTurn(5, PATIENCE), "an hour is longer than the patience: given up, not waited");
        assertEquals(List.of(Duration.ofNanos(33_333_333)), waits);
        assertEquals(0, pacer.waiting());
    }

    @Test
    void everySendOfABurstGetsThroughWhenThreadsAreLateToTheLock() throws Exception {
        // A thread descheduled now and then (a GC pause, a busy 2-core machine) once left the others
        // parked with nobody keeping time.
        for (int round = 0; round < 20; round++) {
            SendPacer pacer = new SendPacer(SendLimits.telegram(200), () -> {
                if (java.util.concurrent.ThreadLocalRandom.current().nextInt(10) == 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
                }
                return System.nanoTime();
            }, SendPacer.Waiting.real());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> sends = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long chat = i + 1;
                sends.add(threads.submit(() -> {
                    go.await();
                    return pacer.awaitTurn(chat, PATIENCE);
                }));
            }
            go.countDown();
            for (Future<Boolean> send : sends) {
                assertTrue(send.get(10, TimeUnit.SECONDS), "round " + round);
            }
        }
    }
}
