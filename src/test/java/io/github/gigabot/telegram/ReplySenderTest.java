package io.github.gigabot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.gigabot.chat.Reply;
import io.github.gigabot.fakes.FakeTelegram.Sent;
import io.github.gigabot.fakes.FakeTelegram;
import io.github.gigabot.fakes.LogCapture;
import io.github.gigabot.pacing.ManualPacer;
import io.github.gigabot.pacing.SendLimits;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real TelegramBots client against the fake Bot API, with Telegram's failure answers scripted. */
class ReplySenderTest {

    private FakeTelegram telegram;
    private ReplySender sender;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        telegram = new FakeTelegram();
        sender = new ReplySender(telegram.api(), new ManualPacer(ManualPacer.roomy(), waits::add).pacer(), waits::add);
    }

    @AfterEach
    void stop() throws Exception {
        telegram.close();
    }

    @Test
    void tooManyRequestsWaitsAsToldAndDelivers() {
        telegram.script("sendMessage", FakeTelegram.tooManyRequests(7));

        assertEquals(ReplySender.Outcome.DELIVERED, sender.send(new Reply(5, null, null, "привет")));

        assertEquals(List.of(Duration.ofSeconds(7)), waits);
        assertEquals(2, telegram.calls("sendMessage").size());
        assertEquals(List.of(new Sent(5, "привет", null, null)), telegram.sentMessages().subList(1, 2));
    }

    @Test
    void serverErrorsAndBrokenAnswersAreRetriedWithGrowingPauses() {
        telegram.script("sendMessage", FakeTelegram.error(502, "Bad Gateway"));
        telegram.script("sendMessage", new MockResponse().setResponseCode(500).setBody("<html>oops</html>"));

        assertEquals(ReplySender.Outcome.DELIVERED, sender.send(new Reply(5, null, null, "текст")));

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), waits);
        assertEquals(3, telegram.calls("sendMessage").size());
    }

    @Test
    void leavesItForLaterAfterTheLastAttempt() {
        for (int i = 0; i < ReplySender.MAX_ATTEMPTS + 2; i++) {
            telegram.script("sendMessage", FakeTelegram.error(503, "Service Unavailable"));
        }

        assertEquals(ReplySender.Outcome.FAILED, sender.send(new Reply(5, null, null, "текст")));

        assertEquals(ReplySender.MAX_ATTEMPTS, telegram.calls("sendMessage").size());
    }

    @Test
    void vanishedQuestionIsNotQuotedAndVanishedTopicNotUsed() {
        telegram.script("sendMessage", FakeTelegram.error(400, "Bad Request: message to be replied not found"));
        telegram.script("sendMessage", FakeTelegram.error(400, "Bad Request: message thread not found"));

        assertEquals(ReplySender.Outcome.DELIVERED, sender.send(new Reply(-100, 77, 12, "ответ")));

        List<Sent> attempts = telegram.sentMessages();
        assertEquals(List.of(new Sent(-100, "ответ", 12, 77), new Sent(-100, "ответ", null, 77), new Sent(-100, "ответ", null, null)),
                attempts);
        assertTrue(waits.isEmpty());
    }

    @Test
    void blockedChatIsDroppedWithoutRetries() {
        telegram.script("sendMessage", FakeTelegram.error(403, "Forbidden: bot was blocked by the user"));
        telegram.script("sendMessage", FakeTelegram.error(403, "Forbidden: bot was blocked by the user"));

        assertEquals(ReplySender.Outcome.CHAT_CLOSED, sender.send(new Reply(5, null, null, "раз")));
        assertEquals(ReplySender.Outcome.CHAT_CLOSED, sender.send(new Reply(5, null, null, "два")));

        assertEquals(2, telegram.calls("sendMessage").size(), "one attempt each");
        assertTrue(waits.isEmpty());
        assertEquals(ReplySender.Outcome.DELIVERED, sender.send(new Reply(5, null, null, "три")), "unblocked later: delivered again");
    }

    @Test
    void otherBadRequestsAreNotRetried() {
        telegram.script("sendMessage", FakeTelegram.error(400, "Bad Request: message is too long"));

        assertEquals(ReplySender.Outcome.REJECTED, sender.send(new Reply(5, null, null, "x")));

        assertEquals(1, telegram.calls("sendMessage").size());
    }

    @Test
    void longRateLimitIsLeftForLaterInsteadOfHoldingTheWorker() {
        telegram.script("sendMessage", FakeTelegram.tooManyRequests(600));

        assertEquals(ReplySender.Outcome.FAILED, sender.send(new Reply(5, null, null, "x")));

        assertTrue(waits.isEmpty());
    }

    @Test
    void vanishedChatClosesItForTheRestOfTheAnswer() {
        telegram.script("sendMessage", FakeTelegram.error(400, "Bad Request: chat not found"));

        assertEquals(3, sender.sendAll(List.of(new Reply(5, null, null, "1"), new Reply(5, null, null, "2"), new Reply(5, null, null, "3"))));

        assertEquals(1, telegram.calls("sendMessage").size(), "nothing more is tried in a chat that is gone");
    }

    @Test
    void sendAllStopsAtThePartThatFailsForNowAndSkipsARejectedOne() {
        telegram.script("sendMessage", FakeTelegram.error(400, "Bad Request: message is too long"));
        // part 2 goes through; part 3 meets an outage longer than the attempts in place
        telegram.script("sendMessage", FakeTelegram.ok());
        for (int i = 0; i < ReplySender.MAX_ATTEMPTS; i++) {
            telegram.script("sendMessage", FakeTelegram.error(502, "Bad Gateway"));
        }

        int settled = sender.sendAll(List.of(new Reply(5, null, null, "1"), new Reply(5, null, null, "2"),
                new Reply(5, null, null, "3"), new Reply(5, null, null, "4")));

        assertEquals(2, settled, "the rejected first part and the delivered second are settled; 3 and 4 wait");
        assertEquals(2 + ReplySender.MAX_ATTEMPTS, telegram.calls("sendMessage").size(), "part 4 is not tried before 3");
    }

    @Test
    void unreachableTelegramIsRetriedThenLeftForLater() throws Exception {
        telegram.close();

        assertEquals(ReplySender.Outcome.FAILED, sender.send(new Reply(5, null, null, "x")));

        assertEquals(ReplySender.MAX_ATTEMPTS - 1, waits.size());
    }

    @Test
    void sendAllDeliversEveryPartInOrder() {
        assertEquals(3, sender.sendAll(List.of(new Reply(5, null, null, "1"), new Reply(5, null, null, "2"), new Reply(5, null, null, "3"))));

        assertEquals(List.of("1", "2", "3"), telegram.sentMessages().stream().map(Sent::text).toList());
        assertEquals(0, sender.sendAll(List.of()));
    }

    @Test
    void htmlTelegramCannotParseIsResentAsThePlainTextItShows() {
        telegram.script("sendMessage", FakeTelegram.error(400, "Bad Request: can't parse entities: unclosed tag"));

        assertEquals(ReplySender.Outcome.DELIVERED, sender.send(new Reply(5, null, 9, "<b>жирный</b> &amp; 🌍", Reply.Format.HTML)));

        List<FakeTelegram.Call> calls = telegram.calls("sendMessage");
        assertEquals(2, calls.size());
        assertEquals("html", calls.get(0).text("parse_mode"));
        assertEquals(null, calls.get(1).text("parse_mode"));
        assertEquals("жирный & 🌍", calls.get(1).text("text"));
        assertEquals(new Sent(5, "жирный & 🌍", 9, null), telegram.sentMessages().get(1));
        assertTrue(waits.isEmpty());
    }

    @Test
    void plainTextTelegramCannotParseIsRejectedNotLooped() {
        telegram.script("sendMessage", FakeTelegram.error(400, "Bad Request: can't parse entities"));

        assertEquals(ReplySender.Outcome.REJECTED, sender.send(new Reply(5, null, null, "<b>")));

        assertEquals(1, telegram.calls("sendMessage").size());
    }

    @Test
    void aQuoteOrTopicProblemWithoutAQuoteOrTopicIsRejected() {
        telegram.script("sendMessage", FakeTelegram.error(400, "Bad Request: message to be replied not found"));
        telegram.script("sendMessage", FakeTelegram.error(400, "Bad Request: message thread not found"));

        assertEquals(ReplySender.Outcome.REJECTED, sender.send(new Reply(5, null, null, "a")));
        assertEquals(ReplySender.Outcome.REJECTED, sender.send(new Reply(5, null, null, "b")));

        assertEquals(2, telegram.calls("sendMessage").size());
    }

    @Test
    void aBlockedChatIsLoggedOnceUntilItTakesMessagesAgain() throws Exception {
        for (int i = 0; i < 3; i++) {
            telegram.script("sendMessage", FakeTelegram.error(403, "Forbidden: bot was blocked by the user"));
        }
        try (LogCapture log = new LogCapture(ReplySender.class)) {
            sender.send(new Reply(5, null, null, "1"));
            sender.send(new Reply(5, null, null, "2"));
            sender.send(new Reply(5, null, null, "3"));
            assertEquals(1, log.lines().size(), log.lines().toString());
            assertEquals("WARN Chat 5 does not accept messages from the bot (Forbidden: bot was blocked by the user); its answers are dropped",
                    log.lines().get(0));

            sender.send(new Reply(5, null, null, "4"));
            telegram.script("sendMessage", FakeTelegram.error(403, "Forbidden: bot was blocked by the user"));
            sender.send(new Reply(5, null, null, "5"));
            assertEquals(2, log.lines().size(), "blocked again after a delivery: logged again");
        }
    }

    @Test
    void aPlain500IsPassingTrouble() {
        telegram.script("sendMessage", FakeTelegram.error(500, "Internal Server Error"));
        assertEquals(ReplySender.Outcome.DELIVERED, sender.send(new Reply(5, null, null, "a")));

        telegram.script("sendMessage", FakeTelegram.error(499, "Client Closed Request"));
        assertEquals(ReplySender.Outcome.REJECTED, sender.send(new Reply(5, null, null, "b")), "a 4xx is not retried");

        assertEquals(List.of(Duration.ofSeconds(1)), waits);
    }

    @Test
    void aRateLimitWithoutAWaitOrOfExactlyTheLongestIsWaited() {
        telegram.script("sendMessage", FakeTelegram.error(429, "Too Many Requests"));
        telegram.script("sendMessage", FakeTelegram.tooManyRequests(0));
        assertEquals(ReplySender.Outcome.DELIVERED, sender.send(new Reply(5, null, null, "a")));

        telegram.script("sendMessage", FakeTelegram.tooManyRequests(120));
        assertEquals(ReplySender.Outcome.DELIVERED, sender.send(new Reply(5, null, null, "b")));

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(120)), waits);
        assertEquals(5, telegram.calls("sendMessage").size());
    }

    @Test
    void interruptedWhileWaitingLeavesItForLaterAndKeepsTheInterrupt() {
        telegram.script("sendMessage", FakeTelegram.error(502, "Bad Gateway"));
        ReplySender interrupted = new ReplySender(telegram.api(), new ManualPacer(ManualPacer.roomy(), waits::add).pacer(), pause -> {
            throw new InterruptedException();
        });
        try {
            assertEquals(ReplySender.Outcome.FAILED, interrupted.send(new Reply(5, null, null, "x")));
            assertTrue(Thread.currentThread().isInterrupted());
            assertEquals(1, telegram.calls("sendMessage").size());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aLongRateLimitIsRememberedSoLaterSendsDoNotReachTelegramBeforeItEnds() {
        ManualPacer clock = new ManualPacer(ManualPacer.roomy(), waits::add);
        ReplySender paced = new ReplySender(telegram.api(), clock.pacer(), waits::add);
        telegram.script("sendMessage", FakeTelegram.tooManyRequests(600));

        assertEquals(ReplySender.Outcome.FAILED, paced.send(new Reply(5, null, null, "a")));
        assertEquals(ReplySender.Outcome.FAILED, paced.send(new Reply(5, null, null, "a")), "still inside retry_after");
        assertEquals(1, telegram.calls("sendMessage").size(), "the second try did not reach Telegram");
        assertEquals(ReplySender.Outcome.DELIVERED, paced.send(new Reply(6, null, null, "other chat")));

        clock.advance(Duration.ofSeconds(480));
        assertEquals(ReplySender.Outcome.DELIVERED, paced.send(new Reply(5, null, null, "a")), "2 minutes left: waited out");
        assertEquals(List.of(Duration.ofSeconds(120)), waits);
        assertEquals(3, telegram.calls("sendMessage").size());
    }

    @Test
    void everyAttemptTakesATurnFromThePacer() {
        ManualPacer clock = new ManualPacer(
                new SendLimits(1_000_000, 1_000_000, 1, Duration.ofSeconds(1), 1_000_000, Duration.ofSeconds(1), 1), waits::add);
        ReplySender paced = new ReplySender(telegram.api(), clock.pacer(), waits::add);
        telegram.script("sendMessage", FakeTelegram.error(400, "Bad Request: can't parse entities: unexpected end tag"));

        assertEquals(ReplySender.Outcome.DELIVERED, paced.send(new Reply(5, null, null, "<b>x</b>", Reply.Format.HTML)));
        assertEquals(ReplySender.Outcome.DELIVERED, paced.send(new Reply(5, null, null, "y")));

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), waits, "the plain-text resend and the next reply each waited their turn");
        assertEquals(3, telegram.calls("sendMessage").size());
    }

    @Test
    void interruptedWhileWaitingForItsTurnLeavesItForLater() {
        ManualPacer clock = new ManualPacer(ManualPacer.roomy(), waits::add);
        clock.pacer().refused(5, Duration.ofSeconds(30));
        Thread.currentThread().interrupt();
        try {
            assertEquals(ReplySender.Outcome.FAILED, new ReplySender(telegram.api(), clock.pacer(), waits::add)
                    .send(new Reply(5, null, null, "x")));
            assertTrue(Thread.currentThread().isInterrupted());
            assertEquals(0, telegram.calls("sendMessage").size());
        } finally {
            Thread.interrupted();
        }
    }
}
