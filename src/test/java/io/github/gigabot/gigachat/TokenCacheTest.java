package io.github.gigabot.gigachat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class TokenCacheTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private volatile Instant now = NOW;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    private final ManualClock clock = new ManualClock();
    private final AtomicInteger fetches = new AtomicInteger();

    private TokenCache cache(Duration life) {
        return new TokenCache(() -> new AccessToken("t" + fetches.incrementAndGet(), clock.instant().plus(life)),
                clock, Duration.ofSeconds(60));
    }

    @Test
    void reusesTheTokenWhileMoreThanTheMarginIsLeft() throws Exception {
        TokenCache cache = cache(Duration.ofMinutes(30));
        AccessToken first = cache.get();
        clock.advance(Duration.ofMinutes(28));
        assertSame(first, cache.get());
        assertEquals(1, fetches.get());
    }

    @Test
    void refreshesWhenLessThanTheMarginIsLeft() throws Exception {
        TokenCache cache = cache(Duration.ofMinutes(30));
        AccessToken first = cache.get();
        clock.advance(Duration.ofMinutes(29).plusSeconds(1));
        AccessToken second = cache.get();
        assertNotSame(first, second);
        assertEquals("t2", second.value());
    }

    @Test
    void invalidateDropsOnlyTheRejectedToken() throws Exception {
        TokenCache cache = cache(Duration.ofMinutes(30));
        AccessToken first = cache.get();
        cache.invalidate(first);
        AccessToken second = cache.get();
        cache.invalidate(first); // a late 401 for the old token must not drop the new one
        assertSame(second, cache.get());
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
            results.add(pool.submit(cache::get));
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
        assertThrows(GigaChatException.class, cache::get);
        assertEquals("ok", cache.get().value());
    }

    @Test
    void toStringHidesTheToken() {
        assertEquals(false, new AccessToken("secret-value", NOW).toString().contains("secret-value"));
    }
}
