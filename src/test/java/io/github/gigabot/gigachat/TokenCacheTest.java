package io.github.gigabot.gigachat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.gigabot.time.ManualClock;
import org.junit.jupiter.api.Test;

class TokenCacheTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** A clock the test moves by hand. */
    private final ManualClock clock = new ManualClock(NOW);
    private final AtomicInteger fetches = new AtomicInteger();

    /** A deadline no test reaches. */
    private static long later() {
        return System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    }

    private TokenCache cache(Duration life) {
        return new TokenCache(() -> new AccessToken("t" + fetches.incrementAndGet(), clock.instant().plus(life)),
                clock, Duration.ofSeconds(60));
    }

    @Test
    void reusesTheTokenWhileMoreThanTheMarginIsLeft() throws Exception {
        TokenCache cache = cache(Duration.ofMinutes(30));
        AccessToken first = cache.get(later());
        clock.advance(Duration.ofMinutes(28));
        assertSame(first, cache.get(later()));
        assertEquals(1, fetches.get());
    }

    @Test
    void refreshesWhenLessThanTheMarginIsLeft() throws Exception {
        TokenCache cache = cache(Duration.ofMinutes(30));
        AccessToken first = cache.get(later());
        clock.advance(Duration.ofMinutes(29).plusSeconds(1));
        AccessToken second = cache.get(later());
        assertNotSame(first, second);
        assertEquals("t2", second.value());
    }

    @Test
    void invalidateDropsOnlyTheRejectedToken() throws Exception {
        TokenCache cache = cache(Duration.ofMinutes(30));
        AccessToken first = cache.get(later());
        cache.invalidate(first);
        AccessToken second = cache.get(later());
        cache.invalidate(first); // a late 401 for the old token must not drop the new one
        assertSame(second, cache.get(later()));
        assertEquals(2, fetches.get());
    }

    @Test
    void oneRefreshForTwentyConcurrentCallers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TokenCache cache = new TokenCache(() -> {
            fetches.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new AccessToken("shared", clock.instant().plus(Duration.ofMinutes(30)));
        }, clock, Duration.ofSeconds(60));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<AccessToken>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(pool.submit(() -> cache.get(later())));
        }
        Thread.sleep(100);
        release.countDown();
        for (Future<AccessToken> result : results) {
            assertEquals("shared", result.get().value());
        }
        pool.shutdown();
        assertEquals(1, fetches.get());
    }

    @Test
    void fetchFailureIsPassedOnAndRetriedNextTime() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TokenCache cache = new TokenCache(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new GigaChatException(GigaChatException.Kind.UNAVAILABLE, "down");
            }
            return new AccessToken("ok", clock.instant().plus(Duration.ofMinutes(30)));
        }, clock, Duration.ofSeconds(60));
        assertThrows(GigaChatException.class, () -> cache.get(later()));
        assertEquals("ok", cache.get(later()).value());
    }

    /** A fetcher that blocks until {@link #release} and then fails, or succeeds once told to. */
    private final class GatedFetcher implements TokenCache.Fetcher {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean fail = true;

        @Override
        public AccessToken fetch() throws GigaChatException {
            int n = fetches.incrementAndGet();
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fail) {
                throw GigaChatException.transientFailure(GigaChatException.Kind.UNAVAILABLE, "oauth down " + n, null, null);
            }
            return new AccessToken("t" + n, clock.instant().plus(Duration.ofMinutes(30)));
        }
    }

    /** {@code cache.get(deadline)} on a thread of its own. */
    private static final class Caller {
        final FutureTask<AccessToken> result;
        final Thread thread;
        final CompletableFuture<Boolean> interruptedOnReturn = new CompletableFuture<>();

        Caller(TokenCache cache, long deadlineNanos) {
            result = new FutureTask<>(() -> {
                try {
                    return cache.get(deadlineNanos);
                } finally {
                    interruptedOnReturn.complete(Thread.currentThread().isInterrupted());
                }
            });
            thread = new Thread(result, "token-caller");
            thread.setDaemon(true);
            thread.start();
        }

        AccessToken token() throws Exception {
            return result.get(10, TimeUnit.SECONDS);
        }

        GigaChatException failure() {
            ExecutionException e = assertThrows(ExecutionException.class, this::token);
            return assertInstanceOf(GigaChatException.class, e.getCause());
        }
    }

    /**
     * Waits until all {@code callers} are parked, that is inside {@code get} waiting for the fetch,
     * so that releasing it then tests sharing rather than luck.
     */
    private static void awaitParked(List<Caller> callers) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!callers.stream().map(caller -> caller.thread.getState())
                .allMatch(state -> state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("the callers never all waited for the fetch");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void concurrentCallersShareOneFailedFetch() throws Exception {
        GatedFetcher fetcher = new GatedFetcher();
        TokenCache cache = new TokenCache(fetcher, clock, Duration.ofSeconds(60));
        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            callers.add(new Caller(cache, later()));
        }
        assertTrue(fetcher.started.await(10, TimeUnit.SECONDS));
        awaitParked(callers);
        fetcher.release.countDown();
        for (Caller caller : callers) {
            GigaChatException failure = caller.failure();
            assertEquals(GigaChatException.Kind.UNAVAILABLE, failure.kind());
            assertEquals("oauth down 1", failure.getMessage());
            assertTrue(failure.retryable());
        }
        assertEquals(1, fetches.get());
    }

    @Test
    void aWaiterGivesUpAtItsOwnDeadlineWhileTheFetchGoesOnForOthers() throws Exception {
        GatedFetcher fetcher = new GatedFetcher();
        fetcher.fail = false;
        TokenCache cache = new TokenCache(fetcher, clock, Duration.ofSeconds(60));
        try {
            Caller patient = new Caller(cache, later());
            assertTrue(fetcher.started.await(10, TimeUnit.SECONDS));
            Caller alsoPatient = new Caller(cache, later());
            Caller hurried = new Caller(cache, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50));

            // The fetch is still held, so the hurried caller cannot have waited for it to end.
            assertEquals(GigaChatException.Kind.TIMEOUT, hurried.failure().kind());
            assertEquals(1, fetcher.release.getCount());

            fetcher.release.countDown();
            assertEquals("t1", patient.token().value());
            assertEquals("t1", alsoPatient.token().value());
            assertEquals(1, fetches.get());
        } finally {
            fetcher.release.countDown();
        }
    }

    @Test
    void anInterruptedWaiterStopsWaitingAndKeepsItsInterrupt() throws Exception {
        GatedFetcher fetcher = new GatedFetcher();
        fetcher.fail = false;
        TokenCache cache = new TokenCache(fetcher, clock, Duration.ofSeconds(60));
        try {
            Caller fetching = new Caller(cache, later());
            assertTrue(fetcher.started.await(10, TimeUnit.SECONDS));
            Caller waiting = new Caller(cache, later());
            awaitParked(List.of(fetching, waiting));
            waiting.thread.interrupt();

            assertEquals(GigaChatException.Kind.UNAVAILABLE, waiting.failure().kind());
            assertTrue(waiting.interruptedOnReturn.get(10, TimeUnit.SECONDS));
            fetcher.release.countDown();
            assertEquals("t1", fetching.token().value());
        } finally {
            fetcher.release.countDown();
        }
    }

    @Test
    void aDeliveredFailureIsNotKeptForTheNextCall() throws Exception {
        GatedFetcher fetcher = new GatedFetcher();
        TokenCache cache = new TokenCache(fetcher, clock, Duration.ofSeconds(60));
        List<Caller> callers = List.of(new Caller(cache, later()), new Caller(cache, later()));
        assertTrue(fetcher.started.await(10, TimeUnit.SECONDS));
        awaitParked(callers);
        fetcher.release.countDown();
        for (Caller caller : callers) {
            assertEquals("oauth down 1", caller.failure().getMessage());
        }

        fetcher.fail = false;
        assertEquals("t2", cache.get(later()).value());
        assertEquals(2, fetches.get());
    }

    @Test
    void toStringHidesTheToken() {
        assertEquals(false, new AccessToken("secret-value", NOW).toString().contains("secret-value"));
    }

    @Test
    void waitersReadTheirDeadlineOnTheClockTheyWereGiven() throws Exception {
        java.util.concurrent.CountDownLatch fetching = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong fakeNanos = new java.util.concurrent.atomic.AtomicLong(1_000);
        TokenCache cache = new TokenCache(() -> {
            fetching.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new GigaChatException(GigaChatException.Kind.UNAVAILABLE, "interrupted", e);
            }
            return new AccessToken("t", clock.instant().plus(Duration.ofMinutes(30)));
        }, clock, Duration.ofSeconds(60), fakeNanos::get);
        Thread first = new Thread(() -> {
            try {
                cache.get(Long.MAX_VALUE);
            } catch (GigaChatException e) {
                throw new IllegalStateException(e);
            }
        });
        first.start();
        assertTrue(fetching.await(5, java.util.concurrent.TimeUnit.SECONDS));

        // On the fake clock the deadline is 1 000 ns away; on System.nanoTime it would long be past.
        fakeNanos.set(0);
        java.util.concurrent.CompletableFuture<AccessToken> waiter = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return cache.get(1_000_000_000L);
            } catch (GigaChatException e) {
                throw new IllegalStateException(e);
            }
        });
        release.countDown();
        assertEquals("t", waiter.get(5, java.util.concurrent.TimeUnit.SECONDS).value());
        first.join();
    }
}
