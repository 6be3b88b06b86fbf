package io.github.gigabot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.github.gigabot.fakes.FakeGigaChat;
import io.github.gigabot.fakes.FakeTelegram.Sent;
import io.github.gigabot.fakes.FakeTelegram;
import io.github.gigabot.fakes.LogCapture;
import io.github.gigabot.telegram.ReplySender;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;

/**
 * Faults injected into the loopback GigaChat and Bot API while the real bot runs. Each test checks
 * what the user receives and that the next message is still answered. The README's "Reliability"
 * section lists what these tests show.
 */
class FaultToleranceTest extends EndToEndTest {

    private static final long USER = 5151;

    /** GigaChat answers the first {@code failures} requests with {@code failure}, then echoes. */
    private void failFirst(int failures, MockResponse failure) {
        AtomicInteger count = new AtomicInteger();
        gigachat.answer(request -> count.incrementAndGet() <= failures ? failure
                : FakeGigaChat.completion("Ответ: " + FakeGigaChat.lastUserMessage(request), "stop"));
    }

    /** Sends {@code first}, waits for its answer, then checks that a second message is answered. */
    private String answerToFirstThenNextStillWorks(String first) throws Exception {
        telegram.privateMessage(USER, "ru", first);
        String answer = telegram.awaitSent(1, WAIT).get(0).text();
        gigachat.answer(request -> FakeGigaChat.completion("Ответ: " + FakeGigaChat.lastUserMessage(request), "stop"));
        telegram.privateMessage(USER, "ru", "следующий");
        assertEquals("Ответ: следующий", telegram.awaitSent(2, WAIT).get(1).text());
        return answer;
    }

    // ---- GigaChat -----------------------------------------------------------------------------

    @Test
    void tokenExpiringMidSessionIsReplacedUnnoticed() throws Exception {
        bot.start();
        telegram.privateMessage(USER, "ru", "до");
        telegram.awaitSent(1, WAIT);
        gigachat.expireToken();
        telegram.privateMessage(USER, "ru", "после");

        assertEquals(List.of("Ответ: до", "Ответ: после"), texts(telegram.awaitSent(2, WAIT)));
        assertEquals(2, gigachat.tokenRequests());
    }

    @Test
    void rateLimitWithRetryAfterIsWaitedOut() throws Exception {
        failFirst(1, FakeGigaChat.error(429, "Too many requests").setHeader("Retry-After", "1"));
        bot.start();
        long started = System.nanoTime();

        assertEquals("Ответ: подожду", answerToFirstThenNextStillWorks("подожду"));
        assertTrue(System.nanoTime() - started >= TimeUnit.SECONDS.toNanos(1), "Retry-After honoured");
        assertEquals(3, gigachat.chatRequests().size());
    }

    @Test
    void oneServerErrorIsRetriedUnnoticed() throws Exception {
        failFirst(1, FakeGigaChat.error(500, "Internal Server Error"));
        bot.start();

        assertEquals("Ответ: вопрос", answerToFirstThenNextStillWorks("вопрос"));
    }

    @Test
    void outageLongerThanTheTimeoutIsExplained() throws Exception {
        gigachat.answer(request -> FakeGigaChat.error(503, "Service Unavailable"));
        bot.setting("gigachat.timeout", "2").start();

        assertEquals("GigaChat сейчас недоступен. Попробуйте ещё раз чуть позже.", answerToFirstThenNextStillWorks("есть кто?"));
    }

    @Test
    void malformedJsonIsExplained() throws Exception {
        gigachat.answer(request -> new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"choices\": [{"));
        bot.start();

        assertEquals("GigaChat прислал непонятный ответ. Попробуйте ещё раз.", answerToFirstThenNextStillWorks("вопрос"));
    }

    @Test
    void emptyChoicesAreExplained() throws Exception {
        gigachat.answer(request -> new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"choices\": []}"));
        bot.start();

        assertEquals("GigaChat прислал непонятный ответ. Попробуйте ещё раз.", answerToFirstThenNextStillWorks("вопрос"));
    }

    @Test
    void hangPastTheTimeoutIsExplained() throws Exception {
        gigachat.answer(request -> FakeGigaChat.completion("поздно", "stop").setHeadersDelay(3, TimeUnit.SECONDS));
        bot.setting("gigachat.timeout", "1").start();

        assertEquals("GigaChat отвечает слишком долго. Попробуйте ещё раз или задайте вопрос короче.",
                answerToFirstThenNextStillWorks("долгий вопрос"));
    }

    @Test
    void truncatedAnswerSaysSo() throws Exception {
        gigachat.answer(request -> "расскажи всё".equals(FakeGigaChat.lastUserMessage(request))
                ? FakeGigaChat.completion("Начало длинного ответа", "length")
                : FakeGigaChat.completion("Коротко.", "stop"));
        bot.start();
        telegram.privateMessage(USER, "ru", "расскажи всё");

        assertEquals("Начало длинного ответа\n\n<i>(Ответ обрезан: он оказался длиннее допустимого.)</i>",
                telegram.awaitSent(1, WAIT).get(0).text());
        telegram.privateMessage(USER, "ru", "а короче?");
        assertEquals("Коротко.", telegram.awaitSent(2, WAIT).get(1).text(), "the next message is answered as usual");
    }

    @Test
    void aChatWithManyMessagesDoesNotHoldUpAnother() throws Exception {
        gigachat.answer(request -> FakeGigaChat.completion("Ответ: " + FakeGigaChat.lastUserMessage(request), "stop")
                .setBodyDelay(100, TimeUnit.MILLISECONDS));
        bot.start();
        for (int i = 1; i <= 10; i++) {
            telegram.privateMessage(USER, "ru", "много " + i);
        }
        telegram.privateMessage(USER + 1, "ru", "один вопрос");

        List<String> order = texts(telegram.awaitSent(11, WAIT));

        assertTrue(order.indexOf("Ответ: один вопрос") <= 1,
                "the other chat waits for at most the one call in flight: " + order);
        assertEquals(List.of("Ответ: много 1", "Ответ: много 2", "Ответ: много 3", "Ответ: много 4", "Ответ: много 5",
                        "Ответ: много 6", "Ответ: много 7", "Ответ: много 8", "Ответ: много 9", "Ответ: много 10"),
                order.stream().filter(t -> t.startsWith("Ответ: много")).collect(Collectors.toList()));
    }

    @Test
    void personalKeyQueuesQuestionsWithoutTimingThemOut() throws Exception {
        gigachat.answer(request -> FakeGigaChat.completion("Ответ: " + FakeGigaChat.lastUserMessage(request), "stop")
                .setBodyDelay(1500, TimeUnit.MILLISECONDS));
        bot.setting("gigachat.max-concurrency", "1").setting("gigachat.timeout", "4").setting("bot.streaming", "false").start();
        for (int chat = 1; chat <= 6; chat++) {
            telegram.privateMessage(USER + chat, "ru", "очередь " + chat);
        }

        List<Sent> sent = telegram.awaitSent(6, Duration.ofSeconds(60));

        for (int chat = 1; chat <= 6; chat++) {
            long chatId = USER + chat;
            assertEquals(List.of("Ответ: очередь " + chat), sent.stream().filter(s -> s.chatId() == chatId).map(Sent::text)
                    .collect(Collectors.toList()), "chat " + chatId + " got a real answer, not a timeout");
            assertTrue(telegram.calls("sendChatAction").stream().anyMatch(c -> c.text("chat_id").equals(String.valueOf(chatId))),
                    "chat " + chatId + " saw typing while it waited");
        }
        assertEquals(6, gigachat.chatRequests().size());
    }

    @Test
    void aPathologicalAnswerReachesTheUserAsTextAndWedgesNothing() throws Exception {
        String quotes = ">".repeat(6000);
        gigachat.answer(request -> FakeGigaChat.completion(
                FakeGigaChat.lastUserMessage(request).equals("цитаты") ? quotes : "Ответ: " + FakeGigaChat.lastUserMessage(request), "stop"));
        bot.start(); // streaming on, the default: drafts render the growing text too
        telegram.privateMessage(USER, "ru", "цитаты");
        telegram.privateMessage(USER, "ru", "следующий");

        List<String> sent = texts(telegram.awaitSent(sent2 -> sent2.stream().anyMatch(s -> s.text().equals("Ответ: следующий")), WAIT));

        assertEquals(quotes.length(), String.join("", sent.subList(0, sent.size() - 1)).length(), "every character arrived: " + sent.size());
        assertTrue(sent.subList(0, sent.size() - 1).stream().allMatch(t -> t.chars().allMatch(c -> c == '>')), "as text");
        assertEquals("Ответ: следующий", sent.get(sent.size() - 1));
        assertEquals(2, gigachat.chatRequests().size(), "the model was asked once per message");
    }

    // ---- Telegram -----------------------------------------------------------------------------

    @Test
    void pollingSurvivesBadGateways() throws Exception {
        bot.start();
        for (int i = 0; i < 3; i++) {
            telegram.script("getUpdates", FakeTelegram.error(502, "Bad Gateway"));
        }
        telegram.privateMessage(USER, "ru", "дойдёт?");

        assertEquals("Ответ: дойдёт?", telegram.awaitSent(1, WAIT).get(0).text());
    }

    @Test
    void pollingSurvivesAConflictAndAnUnreadableUpdate() throws Exception {
        bot.start();
        telegram.script("getUpdates", FakeTelegram.error(409, "Conflict: terminated by other getUpdates request"));
        telegram.unreadableUpdate();
        telegram.privateMessage(USER, "ru", "после странного");

        assertEquals(List.of(new Sent(USER, "Ответ: после странного", null, null)), telegram.awaitSent(1, WAIT));
    }

    @Test
    void sendRateLimitIsWaitedOut() throws Exception {
        bot.start();
        telegram.script("sendMessage", FakeTelegram.tooManyRequests(1));
        telegram.privateMessage(USER, "ru", "быстро");

        List<Sent> attempts = telegram.awaitSent(2, WAIT);
        assertEquals("Ответ: быстро", attempts.get(1).text());
        telegram.privateMessage(USER, "ru", "ещё");
        assertEquals("Ответ: ещё", telegram.awaitSent(3, WAIT).get(2).text());
    }

    @Test
    void aRateLimitLongerThanTheSenderWaitsIsObeyedAndTheAnswerNotLost() throws Exception {
        BotApplication app = bot.start();
        telegram.script("sendMessage", FakeTelegram.tooManyRequests(600));
        try (LogCapture log = new LogCapture(ReplySender.class)) {
            telegram.privateMessage(USER, "ru", "не теряйся");
            telegram.awaitSent(1, WAIT);

            // Telegram said ten minutes: the inbox's resends (after 1 s, then 2 s) do not reach Telegram meanwhile.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (log.lines().stream().filter(line -> line.contains("Telegram asked to wait longer")).count() < 2) {
                assertTrue(System.nanoTime() < deadline, "resends not held back: " + log.lines());
                Thread.sleep(20);
            }
        }
        assertEquals(1, telegram.sentMessages().size(), "no second attempt inside retry_after");
        assertEquals(1, app.pendingMessages(), "the answer waits, it is not dropped");

        bot.restart();
        List<Sent> attempts = telegram.awaitSent(2, WAIT);
        assertEquals(List.of("Ответ: не теряйся", "Ответ: не теряйся"), texts(attempts));
        assertEquals(1, gigachat.chatRequests().size(), "resent from the inbox after a restart, not asked again");
    }

    @Test
    void telegramRefusingSendsForSecondsGetsEveryAnswerOnceInOrder() throws Exception {
        bot.setting("bot.streaming", "false").start();
        AtomicInteger refused = new AtomicInteger();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        telegram.refuseWhile("sendMessage", () -> System.nanoTime() < until && refused.incrementAndGet() > 0,
                () -> FakeTelegram.error(502, "Bad Gateway"));
        telegram.privateMessage(USER, "ru", "раз");
        telegram.privateMessage(USER, "ru", "два");

        telegram.awaitSent(sent -> sent.size() - refused.get() >= 2, WAIT);
        Thread.sleep(300);

        assertEquals(List.of("Ответ: раз", "Ответ: два"), texts(telegram.sentMessages().subList(refused.get(), telegram.sentMessages().size())));
        assertEquals(2, gigachat.chatRequests().size(), "each question reached the model once");
        assertTrue(refused.get() >= 3, "Telegram did refuse for a while: " + refused.get());
    }

    @Test
    void aFloodFromOneChatStaysBoundedAndIsAnsweredInOrderAfter() throws Exception {
        java.util.concurrent.CountDownLatch modelBack = new java.util.concurrent.CountDownLatch(1);
        gigachat.answer(request -> {
            try {
                modelBack.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeGigaChat.completion("Ответ: " + FakeGigaChat.lastUserMessage(request), "stop");
        });
        BotApplication app = bot.setting("bot.rate-limit", "0").setting("bot.streaming", "false")
                .setting("gigachat.timeout", "120").start();
        int flood = 5000;
        int maxPending = 0;
        for (int i = 1; i <= flood; i++) {
            telegram.privateMessage(USER, "ru", "вопрос " + i);
            if (i % 100 == 0) {
                maxPending = Math.max(maxPending, app.pendingMessages());
            }
        }
        telegram.awaitUpdatesConfirmed(Duration.ofSeconds(60));
        // With a shared database the flood is screened as it is taken from the inbox, a page at a time.
        long end = System.nanoTime() + WAIT.toNanos();
        while (app.inboxDepth() > 20 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        maxPending = Math.max(maxPending, app.pendingMessages());

        assertEquals(20, app.inboxDepth(), "only what is held is left in the inbox");
        assertEquals(20, app.pendingMessages(), "bot.max-pending-per-chat (20) messages held, no more");
        assertTrue(maxPending <= 20, "never more than 20 in memory: " + maxPending);
        List<Sent> notice = telegram.awaitSent(1, WAIT);
        assertEquals("Слишком много сообщений ждут ответа. Дождитесь ответов на предыдущие и напишите снова.", notice.get(0).text());
        modelBack.countDown();

        List<String> answers = texts(telegram.awaitSent(21, Duration.ofSeconds(60))).subList(1, 21);
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            expected.add("Ответ: вопрос " + i);
        }
        assertEquals(expected, answers, "the first twenty, in order");
        telegram.privateMessage(USER, "ru", "а теперь?");
        assertEquals("Ответ: а теперь?", telegram.awaitSent(22, WAIT).get(21).text(), "room again once answered");
        assertEquals(21, gigachat.chatRequests().size());
    }

    @Test
    void htmlTelegramCannotParseIsResentAsPlainText() throws Exception {
        gigachat.answer(request -> FakeGigaChat.completion("**Итог:** a < b", "stop"));
        bot.start();
        telegram.script("sendMessage", FakeTelegram.error(400, "Bad Request: can't parse entities: Unsupported start tag"));
        telegram.privateMessage(USER, "ru", "сравни");

        telegram.awaitSent(2, WAIT);
        List<FakeTelegram.Call> calls = telegram.calls("sendMessage");
        assertEquals("<b>Итог:</b> a &lt; b", calls.get(0).text("text"));
        assertEquals("html", calls.get(0).text("parse_mode"));
        assertEquals("Итог: a < b", calls.get(1).text("text"));
        assertEquals(null, calls.get(1).text("parse_mode"));
        telegram.privateMessage(USER, "ru", "ещё");
        assertEquals("<b>Итог:</b> a &lt; b", telegram.awaitSent(3, WAIT).get(2).text());
    }

    @Test
    void blockedUserDoesNotStopOthers() throws Exception {
        bot.start();
        telegram.script("sendMessage", FakeTelegram.error(403, "Forbidden: bot was blocked by the user"));
        telegram.privateMessage(USER, "ru", "и пропал");
        telegram.awaitSent(1, WAIT);
        telegram.privateMessage(USER + 1, "ru", "я тут");

        assertEquals(new Sent(USER + 1, "Ответ: я тут", null, null), telegram.awaitSent(2, WAIT).get(1));
        assertEquals(2, telegram.calls("sendMessage").size(), "the blocked chat's answer was not retried");
    }

    @Test
    void tokenRevokedWhileRunningIsReported() throws Exception {
        BotApplication app = bot.start();
        for (int i = 0; i < 3; i++) {
            telegram.script("getUpdates", FakeTelegram.error(401, "Unauthorized"));
        }

        FatalException fatal = app.awaitFatal();

        assertTrue(fatal.getMessage().startsWith("Telegram rejected the bot token (401) while running"), fatal.getMessage());
        assertTrue(fatal.getMessage().contains("telegram.bot-token (TELEGRAM_BOT_TOKEN)"), "says what to fix: " + fatal.getMessage());
    }


    @Test
    void aCorruptDatabaseIsFatalNotAConfigurationError() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(bot.onPostgres(), "a SQLite file only");
        java.nio.file.Files.createDirectories(bot.dataDir());
        java.nio.file.Files.writeString(bot.dataDir().resolve("bot.db"), "это не база данных ".repeat(500));

        FatalException e = org.junit.jupiter.api.Assertions.assertThrows(FatalException.class, bot::start);

        assertTrue(e.getMessage().startsWith("The database in " + bot.dataDir() + " cannot be used"), e.getMessage());
        assertTrue(telegram.calls("sendMessage").isEmpty());
    }

    @Test
    void aDataFolderThatCannotBeMadeIsAConfigurationError() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(bot.onPostgres(), "a SQLite file only");
        java.nio.file.Files.writeString(bot.dataDir(), "a file where the folder should be");

        io.github.gigabot.config.ConfigException e =
                org.junit.jupiter.api.Assertions.assertThrows(io.github.gigabot.config.ConfigException.class, bot::start);

        assertEquals("bot.data-dir", e.key());
    }
}
