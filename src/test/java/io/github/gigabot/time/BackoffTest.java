package io.github.gigabot.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void doublesUpToTheCapAndStaysThere() {
        Backoff backoff = new Backoff(ms(500), Duration.ofSeconds(30));
        List<Duration> pauses = new ArrayList<>();
        for (int failures = 0; failures < 10; failures++) {
            pauses.add(backoff.pause(failures));
        }
        assertEquals(List.of(ms(500), ms(1000), ms(2000), ms(4000), ms(8000), ms(16000), ms(30000), ms(30000), ms(30000),
                ms(30000)), pauses);
    }

    @Test
    void aHugeNumberOfFailuresStaysAtTheCapWithoutOverflowing() {
        Backoff backoff = new Backoff(Duration.ofNanos(1), Duration.ofDays(365));
        assertEquals(Duration.ofDays(365), backoff.pause(Integer.MAX_VALUE));
        assertEquals(Duration.ofNanos(1L << 62), new Backoff(Duration.ofNanos(1), Duration.ofNanos(Long.MAX_VALUE)).pause(62));
        assertEquals(Duration.ofNanos(Long.MAX_VALUE), new Backoff(Duration.ofNanos(1), Duration.ofNanos(Long.MAX_VALUE)).pause(64));
    }

    @Test
    void aFixedPauseIsTheSameEveryTime() {
        Backoff fixed = Backoff.fixed(ms(10));
        assertEquals(ms(10), fixed.pause(0));
        assertEquals(ms(10), fixed.pause(5));
        assertEquals(ms(10), new Backoff(ms(10), ms(10)).pause(3));
    }

    @Test
    void jitterScalesThePauseByAHalfToOne() {
        Backoff backoff = new Backoff(ms(400), Duration.ofSeconds(60));
        assertEquals(ms(200), backoff.jittered(0, 0.0));
        assertEquals(ms(300), backoff.jittered(0, 0.5));
        assertEquals(ms(796), backoff.jittered(1, 0.99), "800 ms x 0.995, in whole milliseconds");
        assertEquals(ms(1), new Backoff(ms(3), ms(3)).jittered(0, 0.0), "1.5 ms, in whole milliseconds");
        assertEquals(ms(45_000), backoff.jittered(30, 0.5), "the capped pause is what is scaled");
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, ms(10)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(ms(10), ms(5)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(ms(-1), ms(5)));
        assertThrows(NullPointerException.class, () -> new Backoff(null, ms(5)));
        assertThrows(NullPointerException.class, () -> new Backoff(ms(5), null));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(ms(5), ms(5)).pause(-1));
    }
}
