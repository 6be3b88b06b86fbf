package io.github.gigabot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CappedBackOffTest {

    @Test
    void doublesUpToTheCapAndStaysThere() {
        CappedBackOff backOff = new CappedBackOff(500, 30_000);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waits.add(backOff.nextBackOffMillis());
        }
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L, 30000L), waits);
    }

    @Test
    void resetStartsOver() {
        CappedBackOff backOff = new CappedBackOff(500, 30_000);
        backOff.nextBackOffMillis();
        backOff.nextBackOffMillis();
        backOff.reset();
        assertEquals(500L, backOff.nextBackOffMillis());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new CappedBackOff(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new CappedBackOff(10, 5));
        assertThrows(IllegalArgumentException.class, () -> new CappedBackOff(-1, 5));
        assertEquals(10L, new CappedBackOff(10, 10).nextBackOffMillis(), "a fixed pause is fine");
    }
}
