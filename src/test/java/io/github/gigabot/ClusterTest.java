package io.github.gigabot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gigabot.fakes.FakeGigaChat;
import io.github.gigabot.fakes.FakeTelegram.Sent;
import io.github.gigabot.fakes.FakeTelegram;
import io.github.gigabot.fakes.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several bot processes on one PostgreSQL database, as behind a load balancer: webhook calls spread
 * over them, one killed with SIGKILL midway; the polling role moving to the survivor; a wrong
 * webhook secret; readiness following the database.
 */
class ClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "cluster-test-secret_1";
    private static final String HOOK = "/telegram/hook";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private PostgresServer postgres;
    private String database;
    private FakeTelegram telegram;
    private final List<FakeGigaChat> models = new ArrayList<>();
    private final List<BotProcess> processes = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        postgres = PostgresServer.shared();
        database = postgres.createDatabase();
        telegram = new FakeTelegram();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (BotProcess process : processes) {
            process.close();
        }
        for (BotProcess process : processes) {
            String log = process.log();
            for (String secret : List.of(SECRET, postgres.password(), FakeGigaChat.AUTH_KEY,
                    FakeTelegram.TOKEN.substring(FakeTelegram.TOKEN.indexOf(':') + 1))) {
                assertFalse(log.contains(secret), "a secret in the log of a process");
            }
        }
        telegram.close();
        for (FakeGigaChat model : models) {
            model.close();
        }
    }

    /** A process with a model of its own that echoes the question after {@code delay}. */
    private BotProcess start(String name, Duration delay, String... settings) throws Exception {
        FakeGigaChat model = new FakeGigaChat();
        model.answer(request -> FakeGigaChat.completion("Ответ: " + FakeGigaChat.lastUserMessage(request), "stop")
                .setBodyDelay(delay.toMillis(), TimeUnit.MILLISECONDS));
        models.add(model);
        List<String> lines = new ArrayList<>(List.of(
                "telegram.bot-token=" + FakeTelegram.TOKEN,
                "telegram.api-url=" + telegram.url(),
                "telegram.max-messages-per-second=10000",
                "gigachat.auth-key=" + FakeGigaChat.AUTH_KEY,
                "gigachat.auth-url=" + model.authUrl(),
                "gigachat.api-url=" + model.apiUrl(),
                "gigachat.timeout=10",
                "bot.streaming=false",
                "bot.max-pending-per-chat=100",
                "bot.rate-limit=0",
                "bot.database-url=" + postgres.jdbcUrl(database),
                "bot.database-user=" + postgres.user(),
                "bot.database-password=" + postgres.password()));
        lines.addAll(List.of(settings));
        BotProcess process = BotProcess.start(name, dir.resolve(name), lines);
        processes.add(process);
        return process;
    }

    private BotProcess startWebhook(String name, Duration delay) throws Exception {
        int port = BotProcess.freePort();
        return start(name, delay, "telegram.mode=webhook", "telegram.webhook-url=https://bot.example.org" + HOOK,
                "telegram.webhook-listen=127.0.0.1:" + port, "telegram.webhook-secret=" + SECRET,
                "bot.http-listen=127.0.0.1:" + port);
    }

    private static String update(int updateId, long chatId, String text) {
        ObjectNode update = JSON.createObjectNode().put("update_id", updateId);
        ObjectNode message = update.putObject("message").put("message_id", updateId).put("date", Instant.now().getEpochSecond());
        message.putObject("from").put("id", chatId).put("is_bot", false).put("first_name", "U" + chatId).put("language_code", "ru");
        message.putObject("chat").put("id", chatId).put("type", "private");
        message.put("text", text);
        return update.toString();
    }

    @Test
    void webhookCallsSpreadOverTwoProcessesAreAllAnsweredInOrderWhenOneIsKilled() throws Exception {
        BotProcess a = startWebhook("a", Duration.ofMillis(30));
        BotProcess b = startWebhook("b", Duration.ofMillis(30));
        a.awaitReady(WAIT);
        b.awaitReady(WAIT);
        assertTrue(telegram.calls("setWebhook").size() >= 2, "each instance set the webhook");
        FakeTelegram.Call setWebhook = telegram.calls("setWebhook").get(0);
        assertEquals(SECRET, setWebhook.text("secret_token"));
        assertEquals("https://bot.example.org" + HOOK, setWebhook.text("url"));
        assertEquals("[\"message\"]", setWebhook.text("allowed_updates").replace(" ", ""), "only messages are asked for");
        assertEquals(List.of(), telegram.polls(), "webhook instances do not poll");

        int chats = 20;
        int messages = 200;
        Map<Integer, String> questions = new LinkedHashMap<>();
        boolean aAlive = true;
        for (int i = 0; i < messages; i++) {
            long chatId = 1000 + i % chats;
            String text = "вопрос " + (i / chats) + " из чата " + chatId;
            questions.put(i + 1, text);
            if (i == messages / 2) {
                a.kill();
                aAlive = false;
            }
            // Round robin, as a load balancer; a dead instance's calls go to the other, as Telegram retries.
            BotProcess first = aAlive && i % 2 == 0 ? a : b;
            int status = BotProcess.post(first.httpPort, HOOK, update(i + 1, chatId, text),
                    "X-Telegram-Bot-Api-Secret-Token", SECRET, "Content-Type", "application/json");
            if (status != 200) {
                status = BotProcess.post(b.httpPort, HOOK, update(i + 1, chatId, text),
                        "X-Telegram-Bot-Api-Secret-Token", SECRET, "Content-Type", "application/json");
            }
            assertEquals(200, status, "update " + (i + 1) + " stored");
        }

        List<Sent> sent = telegram.awaitSent(all -> answered(all).keySet().containsAll(questions.values()), WAIT);
        Map<String, Integer> answers = answered(sent);
        assertEquals(new java.util.HashSet<>(questions.values()), answers.keySet(), "every question answered");
        long twice = answers.values().stream().filter(count -> count > 1).count();
        System.out.println("Two instances, one killed after " + messages / 2 + " of " + messages + " webhook updates: "
                + sent.size() + " answers sent, " + twice + " question(s) answered twice");
        // At most what the killed process had in flight: one model call, and one answer on its way to Telegram.
        assertTrue(twice <= 2, "answered twice: " + twice + " " + answers);
        Map<Long, List<String>> byChat = new HashMap<>();
        for (Sent message : sent) {
            List<String> chat = byChat.computeIfAbsent(message.chatId(), id -> new ArrayList<>());
            if (!chat.contains(message.text())) {
                chat.add(message.text());
            }
        }
        for (Map.Entry<Long, List<String>> chat : byChat.entrySet()) {
            List<String> expected = new ArrayList<>();
            for (int round = 0; round < messages / chats; round++) {
                expected.add("Ответ: вопрос " + round + " из чата " + chat.getKey());
            }
            assertEquals(expected, chat.getValue(), "chat " + chat.getKey() + " answered in order");
        }
        assertEquals(0, count("SELECT COUNT(*) FROM inbox WHERE state <> 'done'"), "nothing left pending");
        assertEquals(List.of(), telegram.polls(), "webhook instances never polled");
    }

    /** How often each question's answer reached Telegram, by question. */
    private static Map<String, Integer> answered(List<Sent> sent) {
        Map<String, Integer> counts = new HashMap<>();
        for (Sent message : sent) {
            if (message.text() != null && message.text().startsWith("Ответ: ")) {
                counts.merge(message.text().substring("Ответ: ".length()), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Runs a {@code SELECT COUNT(*)} on the test's database. */
    private long count(String query) throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(database), postgres.user(), postgres.password());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aCleanStopFinishesItsAnswerAndHandsItsChatOverAtOnce() throws Exception {
        BotProcess a = startWebhook("a", Duration.ofSeconds(2));
        a.awaitReady(WAIT);
        BotProcess b = startWebhook("b", Duration.ZERO);
        b.awaitReady(WAIT);
        assertEquals(200, BotProcess.post(a.httpPort, HOOK, update(1, 88, "медленный"), "X-Telegram-Bot-Api-Secret-Token", SECRET));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (models.get(0).chatRequests().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, models.get(0).chatRequests().size(), "a is answering chat 88");

        a.close();
        long stoppedAt = System.nanoTime();
        assertEquals(200, BotProcess.post(b.httpPort, HOOK, update(2, 88, "следующий"), "X-Telegram-Bot-Api-Secret-Token", SECRET));
        List<Sent> sent = telegram.awaitSent(2, WAIT);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);

        assertEquals(List.of("Ответ: медленный", "Ответ: следующий"), EndToEndTest.texts(sent), "a finished its answer first");
        assertEquals(0, models.get(1).chatRequests().stream().filter(r -> FakeGigaChat.lastUserMessage(r).contains("медленный")).count(),
                "b did not answer a's message again");
        assertTrue(tookMillis < 5_000, "b took the chat without waiting for the lease to run out (10 s): " + tookMillis + " ms");
        long end = System.nanoTime() + WAIT.toNanos();
        while (count("SELECT COUNT(*) FROM inbox WHERE state = 'pending'") > 0 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(0, count("SELECT COUNT(*) FROM inbox WHERE state = 'pending'"), "both marked answered");
    }

    @Test
    void aWebhookCallWithoutTheRightSecretIsRefusedAndNothingIsStored() throws Exception {
        BotProcess a = startWebhook("a", Duration.ZERO);
        a.awaitReady(WAIT);

        assertEquals(401, BotProcess.post(a.httpPort, HOOK, update(1, 77, "взлом"), "X-Telegram-Bot-Api-Secret-Token", "wrong"));
        assertEquals(401, BotProcess.post(a.httpPort, HOOK, update(2, 77, "взлом")));
        assertEquals(401, BotProcess.post(a.httpPort, HOOK, update(3, 77, "взлом"),
                "X-Telegram-Bot-Api-Secret-Token", SECRET.toUpperCase(java.util.Locale.ROOT)));
        assertEquals(0, count("SELECT COUNT(*) FROM inbox"), "nothing stored");

        assertEquals(200, BotProcess.post(a.httpPort, HOOK, update(4, 77, "привет 👋"), "X-Telegram-Bot-Api-Secret-Token", SECRET));
        assertEquals(List.of("Ответ: привет 👋"), EndToEndTest.texts(telegram.awaitSent(1, WAIT)));
        assertEquals(1, count("SELECT COUNT(*) FROM inbox"));
        assertEquals(400, BotProcess.post(a.httpPort, HOOK, "не json", "X-Telegram-Bot-Api-Secret-Token", SECRET));
        assertEquals(1, count("SELECT COUNT(*) FROM inbox"));
        assertEquals(200, BotProcess.post(a.httpPort, HOOK, "{\"update_id\":5,\"message\":{\"message_id\":\"not a number\"}}",
                "X-Telegram-Bot-Api-Secret-Token", SECRET), "an update the model cannot read is acknowledged, not redelivered forever");
        assertEquals(1, count("SELECT COUNT(*) FROM inbox"));
    }

    @Test
    void aWebhookCallWhileTheDatabaseIsDownIsRefusedSoTelegramDeliversItAgain() throws Exception {
        BotProcess a = startWebhook("a", Duration.ZERO);
        a.awaitReady(WAIT);
        try {
            postgres.stop();
            assertEquals(503, BotProcess.post(a.httpPort, HOOK, update(7, 77, "в темноте"), "X-Telegram-Bot-Api-Secret-Token", SECRET));
        } finally {
            postgres.start();
        }
        awaitStatus(a, "/readyz", 200);
        assertEquals(200, BotProcess.post(a.httpPort, HOOK, update(7, 77, "в темноте"), "X-Telegram-Bot-Api-Secret-Token", SECRET),
                "Telegram's redelivery");
        assertEquals(List.of("Ответ: в темноте"), EndToEndTest.texts(telegram.awaitSent(1, WAIT)));
    }

    @Test
    void onlyOneProcessPollsAndTheOtherTakesOverWithinTenSecondsOfItsDeath() throws Exception {
        BotProcess a = start("a", Duration.ZERO);
        a.awaitReady(WAIT);
        awaitPolls(1);
        BotProcess b = start("b", Duration.ZERO);
        b.awaitReady(WAIT);
        telegram.privateMessage(501, "ru", "до");
        assertEquals(List.of("Ответ: до"), EndToEndTest.texts(telegram.awaitSent(1, WAIT)));
        assertTrue(a.log().contains("took the polling role"), a.log());
        assertTrue(!b.log().contains("took the polling role"), "b waits: " + b.log());

        a.kill();
        long killedAt = System.nanoTime();
        telegram.privateMessage(502, "ru", "после");
        List<Sent> sent = telegram.awaitSent(2, WAIT);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        assertEquals(List.of("Ответ: до", "Ответ: после"), EndToEndTest.texts(sent));
        assertTrue(b.log().contains("took the polling role"), b.log());
        assertTrue(tookMillis < 10_000, "answered after the takeover in " + tookMillis + " ms");
    }

    private void awaitPolls(int count) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (telegram.polls().size() < count && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    @Test
    void readinessFollowsTheDatabase() throws Exception {
        BotProcess a = start("a", Duration.ZERO);
        a.awaitReady(WAIT);
        assertEquals(200, a.get("/healthz"));
        try {
            postgres.stop();
            awaitStatus(a, "/readyz", 503);
            assertEquals(200, a.get("/healthz"), "alive all the same");
        } finally {
            postgres.start();
        }
        awaitStatus(a, "/readyz", 200);
        telegram.privateMessage(601, "ru", "снова");
        assertEquals(List.of("Ответ: снова"), EndToEndTest.texts(telegram.awaitSent(1, WAIT)));
    }

    private static void awaitStatus(BotProcess process, String path, int status) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        int last;
        while ((last = process.get(path)) != status) {
            if (System.nanoTime() > end) {
                throw new AssertionError(path + " stayed " + last + ", expected " + status + "; log:\n" + process.log());
            }
            Thread.sleep(100);
        }
    }
}
