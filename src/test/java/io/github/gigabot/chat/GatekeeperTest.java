package io.github.gigabot.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.gigabot.chat.Gatekeeper.Admission;
import io.github.gigabot.chat.Gatekeeper.Verdict;
import io.github.gigabot.config.AccessSettings;
import org.junit.jupiter.api.Test;

class GatekeeperTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    private final AtomicInteger updates = new AtomicInteger();

    /** A new message, in an update of its own. */
    private IncomingMessage inPrivate(long user) {
        int update = updates.incrementAndGet();
        return new IncomingMessage(update, user, ChatType.PRIVATE, null, update, user, "ru", "q", List.of(), false);
    }

    private IncomingMessage inGroup(long chat, long user) {
        return new IncomingMessage(1, chat, ChatType.GROUP, null, 1, user, "ru", "q", List.of(), true);
    }

    private Gatekeeper gatekeeper(AccessSettings settings, AdminDirectory admins) {
        return new Gatekeeper(settings, admins, new QuestionRateLimiter(settings.questionsPerMinute(), now::get), now::get);
    }

    @Test
    void openBotAdmitsEveryone() {
        Gatekeeper open = gatekeeper(new AccessSettings(Set.of(), Set.of(), false, 0), (c, u) -> false);
        assertEquals(new Admission(Verdict.PASS, 0), open.admit(inPrivate(5), true));
        assertEquals(new Admission(Verdict.PASS, 0), open.admit(inGroup(-100, 5), true));
    }

    @Test
    void allowListsAdmitTheirUsersAndGroups() {
        Gatekeeper closed = gatekeeper(new AccessSettings(Set.of(5L), Set.of(-100L), false, 0), (c, u) -> false);
        assertEquals(Verdict.PASS, closed.admit(inPrivate(5), true).verdict());
        assertEquals(Verdict.PASS, closed.admit(inGroup(-200, 5), true).verdict(), "an allowed user, in any group");
        assertEquals(Verdict.PASS, closed.admit(inGroup(-100, 6), true).verdict(), "anyone in an allowed group");
        assertEquals(Verdict.REFUSE, closed.admit(inPrivate(6), true).verdict(), "the allowed group does not open private chats");
        assertEquals(Verdict.REFUSE, closed.admit(inGroup(-200, 7), false).verdict());
    }

    @Test
    void refusalIsRepeatedAtMostEveryTenMinutes() {
        Gatekeeper closed = gatekeeper(new AccessSettings(Set.of(5L), Set.of(), false, 0), (c, u) -> false);
        assertEquals(Verdict.REFUSE, closed.admit(inPrivate(6), true).verdict());
        now.addAndGet(9 * 60_000);
        assertEquals(Verdict.REFUSE_QUIETLY, closed.admit(inPrivate(6), true).verdict());
        assertEquals(Verdict.REFUSE, closed.admit(inPrivate(7), true).verdict(), "per user");
        now.addAndGet(60_000);
        assertEquals(Verdict.REFUSE, closed.admit(inPrivate(6), true).verdict());
    }

    @Test
    void rateLimitIsASlidingMinutePerUser() {
        Gatekeeper limited = gatekeeper(new AccessSettings(Set.of(), Set.of(), false, 3), (c, u) -> false);
        for (int i = 0; i < 3; i++) {
            assertEquals(Verdict.PASS, limited.admit(inPrivate(5), true).verdict());
            now.addAndGet(10_000);
        }
        // Asked at 0 s, 10 s, 20 s; now 30 s: the first frees up at 60 s.
        assertEquals(new Admission(Verdict.SLOW_DOWN, 30), limited.admit(inPrivate(5), true));
        assertEquals(Verdict.SLOW_DOWN_QUIETLY, limited.admit(inPrivate(5), true).verdict(), "told once a minute");
        assertEquals(Verdict.PASS, limited.admit(inPrivate(5), false).verdict(), "commands are not counted");
        assertEquals(Verdict.PASS, limited.admit(inPrivate(6), true).verdict(), "other users are not affected");
        now.addAndGet(30_000);
        assertEquals(Verdict.PASS, limited.admit(inPrivate(5), true).verdict());
    }

    @Test
    void aMessageScreenedAgainIsNotCountedAgain() {
        Gatekeeper limited = gatekeeper(new AccessSettings(Set.of(), Set.of(), false, 1), (c, u) -> false);
        IncomingMessage first = inPrivate(5);
        assertEquals(Verdict.PASS, limited.admit(first, true).verdict());
        assertEquals(Verdict.PASS, limited.admit(first, true).verdict(), "recovered after a restart or taken over");
        assertEquals(Verdict.SLOW_DOWN, limited.admit(inPrivate(5), true).verdict());
    }

    @Test
    void settingsInGroupsAreForAdmins() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        AdminDirectory admins = (chat, user) -> {
            lookups.incrementAndGet();
            return user == 1;
        };
        Gatekeeper gatekeeper = gatekeeper(new AccessSettings(Set.of(), Set.of(), false, 0), admins);
        assertTrue(gatekeeper.mayChangeSettings(inPrivate(9)));
        assertTrue(gatekeeper.mayChangeSettings(inGroup(-100, 1)));
        assertFalse(gatekeeper.mayChangeSettings(inGroup(-100, 2)));
        assertTrue(gatekeeper.mayChangeSettings(inGroup(-100, -100)), "an anonymous administrator");
        assertEquals(2, lookups.get());

        Gatekeeper everyone = gatekeeper(new AccessSettings(Set.of(), Set.of(), true, 0), admins);
        assertTrue(everyone.mayChangeSettings(inGroup(-100, 2)));
        assertEquals(2, lookups.get(), "no lookup needed");

        Gatekeeper failing = gatekeeper(new AccessSettings(Set.of(), Set.of(), false, 0), (chat, user) -> {
            throw new AdminDirectory.LookupFailed("down", null);
        });
        assertThrows(AdminDirectory.LookupFailed.class, () -> failing.mayChangeSettings(inGroup(-100, 2)));
    }
}
