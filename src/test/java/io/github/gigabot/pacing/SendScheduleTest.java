package io.github.gigabot.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The pacing decisions on a timeline in nanoseconds, without threads. */
class SendScheduleTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    private final List<Long> granted = new ArrayList<>();

    /** Limits where only the named one binds. */
    private static SendLimits limits(int perSecond, int chatBurst, Duration chatInterval, int groupBurst, Duration groupInterval) {
        return new SendLimits(perSecond, 1, chatBurst, chatInterval, groupBurst, groupInterval, perSecond);
    }

    private List<SendSchedule.Ticket> enqueue(SendSchedule schedule, long... chats) {
        List<SendSchedule.Ticket> tickets = new ArrayList<>();
        for (long chat : chats) {
            SendSchedule.Ticket ticket = new SendSchedule.Ticket(chat);
            schedule.enqueue(ticket);
            tickets.add(ticket);
        }
        return tickets;
    }

    private long grant(SendSchedule schedule, long now) {
        return schedule.grant(now, ticket -> granted.add(ticket.chatId));
    }

    @Test
    void overallSendsAreSpacedEvenlyAtTheConfiguredRate() {
        SendSchedule schedule = new SendSchedule(SendLimits.telegram(30), 0);
        enqueue(schedule, 1, 2, 3, 4);

        assertEquals(33_333_333, grant(schedule, 0));
        assertEquals(List.of(1L), granted);
        assertEquals(33_333_333, grant(schedule, 20 * MS), "nothing new before the next slot");
        assertEquals(List.of(1L), granted);
        assertEquals(66_666_666, grant(schedule, 33_333_333));
        assertEquals(103_333_333, grant(schedule, 70 * MS), "a late grant pushes the next slot back");
        assertEquals(103_333_333, grant(schedule, 100 * MS));
        assertEquals(SendSchedule.NOTHING_WAITS, grant(schedule, 103_333_333));
        assertEquals(List.of(1L, 2L, 3L, 4L), granted, "oldest first");
    }

    @Test
    void aChatGetsItsBurstAtOnceThenOneASecond() {
        SendSchedule schedule = new SendSchedule(limits(1000, 3, Duration.ofSeconds(1), 20, Duration.ofSeconds(3)), 0);
        // The overall pace (1 ms) is not what is tested: grant at 1 ms steps.
        enqueue(schedule, 7, 7, 7, 7, 7);
        for (long t = 0; t < 3 * MS; t += MS) {
            grant(schedule, t);
        }
        assertEquals(List.of(7L, 7L, 7L), granted);
        assertEquals(SECOND, grant(schedule, 3 * MS));
        assertEquals(2 * SECOND, grant(schedule, SECOND));
        assertEquals(4, granted.size());
        assertEquals(SendSchedule.NOTHING_WAITS, grant(schedule, 2 * SECOND));
        assertEquals(5, granted.size());
    }

    @Test
    void aChatThatMustWaitLetsYoungerSendsToOtherChatsPass() {
        SendSchedule schedule = new SendSchedule(limits(1_000_000, 1, Duration.ofSeconds(1), 20, Duration.ofSeconds(3)), 0);
        enqueue(schedule, 1, 1, 2, 3);

        grant(schedule, 0);
        grant(schedule, MS);
        long next = grant(schedule, 2 * MS);

        assertEquals(List.of(1L, 2L, 3L), granted);
        assertEquals(SECOND, next, "chat 1's second message waits a second");
        assertEquals(SendSchedule.NOTHING_WAITS, grant(schedule, SECOND));
        assertEquals(List.of(1L, 2L, 3L, 1L), granted);
    }

    @Test
    void aGroupGetsTwentyAMinute() {
        SendSchedule schedule = new SendSchedule(limits(1_000_000, 1_000, Duration.ofMillis(1), 20, Duration.ofMinutes(1)), 0);
        long[] chats = new long[22];
        java.util.Arrays.fill(chats, -100L);
        enqueue(schedule, chats);

        long next = 0;
        for (long t = 0; t < 20 * MS; t += MS) {
            next = grant(schedule, t);
        }
        assertEquals(20, granted.size());
        assertEquals(60 * SECOND, next, "the 21st a minute after the first");
        assertEquals(60 * SECOND + MS, grant(schedule, 60 * SECOND));
        assertEquals(21, granted.size());
    }

    @Test
    void noMinuteEverHoldsMoreThanTwentyMessagesToOneGroup() {
        SendSchedule schedule = new SendSchedule(SendLimits.telegram(30), 0);
        long[] chats = new long[200];
        java.util.Arrays.fill(chats, -100L);
        enqueue(schedule, chats);
        List<Long> sentAt = new ArrayList<>();
        long now = 0;
        while (now < 5 * 60 * SECOND) {
            long at = now;
            long next = schedule.grant(now, ticket -> sentAt.add(at));
            now = next == SendSchedule.NOTHING_WAITS ? now + SECOND : next;
        }
        for (int i = 20; i < sentAt.size(); i++) {
            assertTrue(sentAt.get(i) - sentAt.get(i - 20) >= 60 * SECOND, "21 messages within a minute, ending at " + sentAt.get(i));
        }
        assertTrue(sentAt.size() >= 5 * 20, "and the group does get its 20 a minute: " + sentAt.size());
    }

    @Test
    void privateChatsAreNotHeldToTheGroupPace() {
        SendSchedule schedule = new SendSchedule(limits(1_000_000, 1_000, Duration.ofMillis(1), 1, Duration.ofSeconds(3)), 0);
        enqueue(schedule, 100, 100, -100, -100);
        for (long t = 0; t < 4 * MS; t += MS) {
            grant(schedule, t);
        }
        assertEquals(List.of(100L, 100L, -100L), granted);
    }

    @Test
    void aRefusedChatWaitsAsToldWhileOthersGoOn() {
        SendSchedule schedule = new SendSchedule(limits(1_000_000, 3, Duration.ofSeconds(1), 20, Duration.ofSeconds(3)), 0);
        schedule.refused(5, 7 * SECOND, 0);
        assertEquals(7 * SECOND, schedule.heldFor(5, 0));
        assertEquals(0, schedule.heldFor(6, 0));
        enqueue(schedule, 5, 6);

        assertEquals(7 * SECOND, grant(schedule, 0));
        assertEquals(List.of(6L), granted);
        assertEquals(2 * SECOND, schedule.heldFor(5, 5 * SECOND));
        grant(schedule, 7 * SECOND);
        assertEquals(List.of(6L, 5L), granted);
        assertEquals(0, schedule.heldFor(5, 8 * SECOND));
    }

    @Test
    void twoChatsRefusedWithinASecondHoldEverything() {
        long t = 10 * SECOND;
        SendSchedule schedule = new SendSchedule(SendLimits.telegram(30), t);
        schedule.refused(1, 5 * SECOND, t);
        schedule.refused(2, 3 * SECOND, t + 500 * MS);

        assertEquals(3 * SECOND, schedule.heldFor(3, t + 500 * MS), "a third chat waits too");
        enqueue(schedule, 3);
        assertEquals(t + 3500 * MS, grant(schedule, t + SECOND));
        assertTrue(granted.isEmpty());
        grant(schedule, t + 3500 * MS);
        assertEquals(List.of(3L), granted);
    }

    @Test
    void oneChatRefusedTwiceOrTwoChatsFarApartHoldOnlyThemselves() {
        SendSchedule schedule = new SendSchedule(SendLimits.telegram(30), 0);
        schedule.refused(1, 5 * SECOND, 0);
        schedule.refused(1, 5 * SECOND, 100 * MS);
        assertEquals(0, schedule.heldFor(3, 100 * MS));

        schedule.refused(2, 5 * SECOND, 1100 * MS);
        assertEquals(0, schedule.heldFor(3, 1100 * MS), "a second apart: two chats' own limits");
        assertEquals(5 * SECOND, schedule.heldFor(2, 1100 * MS));
        assertEquals(4 * SECOND, schedule.heldFor(1, 1100 * MS), "the later of a chat's holds counts");
    }

    @Test
    void aShorterSecondRefusalDoesNotShortenTheHold() {
        SendSchedule schedule = new SendSchedule(SendLimits.telegram(30), 0);
        schedule.refused(1, 10 * SECOND, 0);
        schedule.refused(1, SECOND, 0);
        assertEquals(10 * SECOND, schedule.heldFor(1, 0));
    }

    @Test
    void draftsHaveABudgetOfTheirOwnAndNeverWait() {
        SendSchedule schedule = new SendSchedule(SendLimits.telegram(30), 0);
        assertTrue(schedule.tryDraft(1, 0));
        assertFalse(schedule.tryDraft(2, 10 * MS), "over the draft pace: skipped, not queued");
        assertTrue(schedule.tryDraft(2, 34 * MS));

        enqueue(schedule, 1);
        grant(schedule, 34 * MS);
        assertEquals(List.of(1L), granted, "drafts took no turn from messages");
    }

    @Test
    void aRefusedChatGetsNoDrafts() {
        SendSchedule schedule = new SendSchedule(SendLimits.telegram(30), 0);
        schedule.refused(1, SECOND, 0);
        assertFalse(schedule.tryDraft(1, 500 * MS));
        assertTrue(schedule.tryDraft(1, SECOND));
    }

    @Test
    void aCancelledSendIsNotGranted() {
        SendSchedule schedule = new SendSchedule(SendLimits.telegram(30), 0);
        List<SendSchedule.Ticket> tickets = enqueue(schedule, 1, 2);
        schedule.cancel(tickets.get(0));

        assertEquals(tickets.get(1), schedule.oldest());
        grant(schedule, 0);
        assertEquals(List.of(2L), granted);
        assertFalse(tickets.get(0).granted());
        assertTrue(tickets.get(1).granted());
        assertEquals(null, schedule.oldest());
    }

    @Test
    void chatsThatNoLongerLimitAnythingAreForgotten() {
        SendSchedule schedule = new SendSchedule(limits(1_000_000_000, 3, Duration.ofSeconds(1), 20, Duration.ofSeconds(3)), 0);
        long[] chats = new long[2000];
        for (int i = 0; i < chats.length; i++) {
            chats[i] = i + 1;
        }
        schedule.refused(-5, 30 * SECOND, 0);
        for (long chat : chats) {
            enqueue(schedule, chat);
            grant(schedule, chat);
        }
        assertEquals(2000, granted.size());
        assertTrue(schedule.rememberedChats() >= 1024, "remembered while they still limit");

        schedule.refused(-7, 30 * SECOND, 10 * SECOND);
        grant(schedule, 10 * SECOND);
        assertEquals(2, schedule.rememberedChats(), "only the holds still running are kept");
        assertEquals(20 * SECOND, schedule.heldFor(-5, 10 * SECOND));
    }

    @Test
    void anyOriginOfTheMonotonicClockWorks() {
        // System.nanoTime may start anywhere, far from zero either way.
        for (long origin : new long[] {4_000_000_000_000_000_000L, -4_000_000_000_000_000_000L}) {
            SendSchedule schedule = new SendSchedule(SendLimits.telegram(30), origin);
            assertEquals(0, schedule.heldFor(1, origin));
            assertTrue(schedule.tryDraft(1, origin));
            enqueue(schedule, 1, 2);
            assertEquals(origin + 33_333_333, grant(schedule, origin));
            schedule.refused(2, SECOND, origin);
            assertEquals(SECOND, schedule.heldFor(2, origin));
        }
        assertEquals(List.of(1L, 1L), granted);
    }

    @Test
    void nothingWaitingMeansNothingToLookAtAgain() {
        SendSchedule schedule = new SendSchedule(SendLimits.telegram(30), 0);
        assertEquals(SendSchedule.NOTHING_WAITS, grant(schedule, 0));
        enqueue(schedule, 1);
        assertEquals(SendSchedule.NOTHING_WAITS, grant(schedule, 0));
    }

    @Test
    void groupsThatWentQuietAreForgottenToo() {
        SendSchedule schedule = new SendSchedule(limits(1_000_000_000, 3, Duration.ofSeconds(1), 20, Duration.ofMinutes(1)), 0);
        for (long chat = 1; chat <= 1100; chat++) {
            enqueue(schedule, -chat);
            grant(schedule, chat);
        }
        assertEquals(2200, schedule.rememberedChats(), "each group has its chat pace and its group window");

        grant(schedule, 30 * SECOND);
        assertEquals(1100, schedule.rememberedChats(), "chat paces idle after seconds; group windows only after a minute");
        grant(schedule, 61 * SECOND);
        assertEquals(0, schedule.rememberedChats(), "and a minute on, the group windows too");
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> SendLimits.telegram(0));
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(30, 0, 3, Duration.ofSeconds(1), 20, Duration.ofSeconds(3), 30));
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(30, 1, 0, Duration.ofSeconds(1), 20, Duration.ofSeconds(3), 30));
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(30, 1, 3, Duration.ZERO, 20, Duration.ofSeconds(3), 30));
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(30, 1, 3, Duration.ofSeconds(1), 0, Duration.ofSeconds(3), 30));
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(30, 1, 3, Duration.ofSeconds(1), 20, Duration.ofSeconds(-3), 30));
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(30, 1, 3, Duration.ofSeconds(1), 20, Duration.ofSeconds(3), 0));
        assertEquals(new SendLimits(30, 1, 3, Duration.ofSeconds(1), 20, Duration.ofMinutes(1), 30), SendLimits.telegram(30));
    }
}
