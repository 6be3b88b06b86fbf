package io.github.gigabot.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LeaseBookTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final LeaseBook book = new LeaseBook(Duration.ofSeconds(10), nanos::get);

    private void advance(Duration step) {
        nanos.addAndGet(step.toNanos());
    }

    private boolean holds(long chat) {
        return book.holds(chat, book.lease(chat));
    }

    @Test
    void aChatNeverLeasedIsNotHeld() {
        assertEquals(-1, book.lease(10));
        assertFalse(holds(10));
        assertFalse(book.holds(0, 0));
        assertFalse(book.holds(Long.MIN_VALUE, -1));
    }

    @Test
    void aLeaseIsTrustedForFourFifthsOfItsLengthFromWhenItWasAskedFor() {
        long asked = book.now();
        advance(Duration.ofSeconds(3));
        book.leased(List.of(10L), asked);

        advance(Duration.ofMillis(4_999));
        assertTrue(holds(10), "7.999 s after asking");
        advance(Duration.ofMillis(1));
        assertFalse(holds(10), "8 s after asking: the rest is margin");
        assertFalse(holds(20));
    }

    @Test
    void aRenewalExtendsTheLeasesRenewedAndForgetsTheOthers() {
        book.leased(List.of(10L, 20L, 30L), book.now());
        long twenty = book.lease(20);
        advance(Duration.ofSeconds(7));
        assertEquals(Set.of(20L), book.renewed(List.of(10L, 30L), book.now()), "20 is gone");

        assertTrue(holds(10));
        assertFalse(book.holds(20, twenty), "not renewed: lost at once, not when it would have run out");
        advance(Duration.ofSeconds(7));
        assertTrue(holds(30), "14 s after the first lease, 7 s after the renewal");
        assertEquals(Set.of(), book.renewed(List.of(10L, 30L), book.now()), "nothing newly gone");
    }

    @Test
    void aChatLeasedAgainAfterItWasLostHasANewLeaseAndTheOldOneStaysEnded() {
        book.leased(List.of(10L), book.now());
        long first = book.lease(10);
        book.leased(List.of(10L), book.now());
        assertEquals(first, book.lease(10), "confirmed again, the same lease");
        book.renewed(List.of(10L), book.now());
        assertEquals(first, book.lease(10), "renewed, the same lease");

        book.renewed(List.of(), book.now());
        book.leased(List.of(10L), book.now());

        assertNotEquals(first, book.lease(10));
        assertFalse(book.holds(10, first), "what was taken under the first lease is another instance's now");
        assertTrue(holds(10));
        assertFalse(book.holds(20, book.lease(10)), "a lease is one chat's");
    }

    @Test
    void anOlderAnswerDoesNotShortenANewerLease() {
        long older = book.now();
        advance(Duration.ofSeconds(5));
        book.leased(List.of(10L), book.now());
        book.leased(List.of(10L), older);

        advance(Duration.ofSeconds(4));
        assertTrue(holds(10), "9 s after the older, 4 s after the newer");
        assertEquals(nanos.get(), book.now());
    }
}
