package io.github.gigabot.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LeaseBookTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final LeaseBook book = new LeaseBook(Duration.ofSeconds(10), nanos::get);

    private void advance(Duration step) {
        nanos.addAndGet(step.toNanos());
    }

    @Test
    void aChatNeverLeasedIsNotHeld() {
        assertFalse(book.holds(10));
        assertFalse(book.holds(0));
        assertFalse(book.holds(Long.MIN_VALUE));
    }

    @Test
    void aLeaseIsTrustedForFourFifthsOfItsLengthFromWhenItWasAskedFor() {
        long asked = book.now();
        advance(Duration.ofSeconds(3));
        book.leased(List.of(10L), asked);

        advance(Duration.ofMillis(4_999));
        assertTrue(book.holds(10), "7.999 s after asking");
        advance(Duration.ofMillis(1));
        assertFalse(book.holds(10), "8 s after asking: the rest is margin");
        assertFalse(book.holds(20));
    }

    @Test
    void aRenewalExtendsTheLeasesRenewedAndForgetsTheOthers() {
        book.leased(List.of(10L, 20L, 30L), book.now());
        advance(Duration.ofSeconds(7));
        book.renewed(List.of(10L, 30L), book.now());

        assertTrue(book.holds(10));
        assertFalse(book.holds(20), "not renewed: lost at once, not when it would have run out");
        advance(Duration.ofSeconds(7));
        assertTrue(book.holds(30), "14 s after the first lease, 7 s after the renewal");
    }

    @Test
    void anOlderAnswerDoesNotShortenANewerLease() {
        long older = book.now();
        advance(Duration.ofSeconds(5));
        book.leased(List.of(10L), book.now());
        book.leased(List.of(10L), older);

        advance(Duration.ofSeconds(4));
        assertTrue(book.holds(10), "9 s after the older, 4 s after the newer");
        assertEquals(nanos.get(), book.now());
    }
}
