package io.github.gigabot.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SlidingWindowTest {

    @Test
    void theLimitGoesAtOnceThenEachSlotFreesAWindowAfterItWasUsed() {
        SlidingWindow window = new SlidingWindow(3, 60);
        assertTrue(window.idle(0), "nothing sent yet");
        assertEquals(Long.MIN_VALUE, window.readyAt());

        window.take(1);
        window.take(2);
        assertEquals(Long.MIN_VALUE, window.readyAt(), "still under the limit");
        window.take(5);
        assertEquals(61, window.readyAt(), "the oldest send leaves the window at 1 + 60");

        window.take(61);
        assertEquals(62, window.readyAt());
        window.take(62);
        window.take(65);
        assertEquals(121, window.readyAt(), "the ring came round");
        window.take(121);
        assertEquals(122, window.readyAt());
    }

    @Test
    void idleOnceTheNewestSendLeftTheWindow() {
        SlidingWindow window = new SlidingWindow(2, 60);
        window.take(10);
        assertFalse(window.idle(69));
        assertTrue(window.idle(70));

        window.take(80);
        window.take(90);
        window.take(100);
        assertFalse(window.idle(159), "the newest (100) counts, wherever it sits in the ring");
        assertTrue(window.idle(160));
    }
}
