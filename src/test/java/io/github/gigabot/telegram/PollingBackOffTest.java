package io.github.gigabot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.gigabot.time.Backoff;
import org.junit.jupiter.api.Test;

class PollingBackOffTest {

    private static PollingBackOff backOff() {
        return new PollingBackOff(new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)));
    }

    @Test
    void doublesUpToTheCapAndStaysThere() {
        PollingBackOff backOff = backOff();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waits.add(backOff.nextBackOffMillis());
        }
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L, 30000L), waits);
    }

    @Test
    void resetStartsOver() {
        PollingBackOff backOff = backOff();
        backOff.nextBackOffMillis();
        backOff.nextBackOffMillis();
        backOff.reset();
        assertEquals(500L, backOff.nextBackOffMillis());
    }

    @Test
    void aFixedPauseIsFine() {
        assertEquals(10L, new PollingBackOff(Backoff.fixed(Duration.ofMillis(10))).nextBackOffMillis());
    }
}
