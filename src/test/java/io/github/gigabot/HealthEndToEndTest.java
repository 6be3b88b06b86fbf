package io.github.gigabot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import io.github.gigabot.fakes.Conditions;
import io.github.gigabot.fakes.FakeTelegram;
import org.junit.jupiter.api.Test;

/** {@code bot.http-listen}: liveness, readiness and Prometheus metrics of the running bot. */
class HealthEndToEndTest extends EndToEndTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private int port;

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void startWithHttp() throws Exception {
        port = BotProcess.freePort();
        bot.setting("bot.http-listen", "127.0.0.1:" + port).start();
    }

    @Test
    void aPortInUseStopsStartUpNamingItsKeyBeforeAnyWorkIsTaken() throws Exception {
        bot.start();
        bot.stopBot();
        java.util.Optional<java.sql.Connection> shared = bot.postgresConnection();
        if (shared.isPresent()) {
            try (java.sql.Connection connection = shared.get(); java.sql.Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO inbox (update_id, chat_id, payload, received_at) VALUES (1, 5, '{}', 0)");
            }
        }

        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            io.github.gigabot.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.github.gigabot.config.ConfigException.class,
                    () -> bot.setting("bot.http-listen", "127.0.0.1:" + taken.getLocalPort()).start());
            assertEquals("bot.http-listen", e.key());
        }

        if (shared.isPresent()) {
            try (java.sql.Connection connection = bot.postgresConnection().orElseThrow();
                 java.sql.Statement statement = connection.createStatement();
                 java.sql.ResultSet rows = statement.executeQuery(
                         "SELECT (SELECT COUNT(*) FROM inbox WHERE claimed_by IS NOT NULL) + (SELECT COUNT(*) FROM chat_leases)")) {
                rows.next();
                assertEquals(0, rows.getLong(1), "an instance that failed to start took no chat and no message");
            }
        }
    }

    @Test
    void healthAndReadinessAnswerOnTheirPaths() throws Exception {
        startWithHttp();

        assertEquals(200, get("/healthz").statusCode());
        assertEquals("ok\n", get("/healthz").body());
        assertEquals(200, get("/readyz").statusCode(), get("/readyz").body());
        assertEquals("ready\n", get("/readyz").body());
        assertEquals(404, get("/").statusCode());
        assertEquals(404, get("/readyz/../metrics").statusCode());
    }

    @Test
    void readinessSaysStillStartingUntilTheWebhookIsSet() throws Exception {
        port = BotProcess.freePort();
        // Two refusals: start-up tries setWebhook again after 1 s and after 2 s more, with the server already listening.
        telegram.script("setWebhook", FakeTelegram.error(502, "Bad Gateway"));
        telegram.script("setWebhook", FakeTelegram.error(502, "Bad Gateway"));
        bot.setting("bot.http-listen", "127.0.0.1:" + port).setting("telegram.mode", "webhook")
                .setting("telegram.webhook-url", "https://bot.example.org/hook").setting("telegram.webhook-secret", "s3cret_token")
                .setting("telegram.webhook-listen", "127.0.0.1:" + port);
        java.util.concurrent.ExecutorService starting = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<BotApplication> started = starting.submit(bot::start);
            Conditions.await(() -> telegram.calls("setWebhook").size() == 1, "the first setWebhook");

            HttpResponse<String> early = get("/readyz");
            assertEquals(503, early.statusCode(), early.body());
            assertEquals("not ready: still starting (webhook or polling not set up yet)\n", early.body());
            assertEquals(200, get("/healthz").statusCode(), "alive meanwhile");

            started.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(3, telegram.calls("setWebhook").size());
            assertEquals("ready\n", get("/readyz").body());
        } finally {
            starting.shutdownNow();
        }
    }

    @Test
    void metricsCountWhatHappened() throws Exception {
        startWithHttp();
        telegram.refuseWhile("sendMessage", new java.util.function.BooleanSupplier() {
            private int refused;

            @Override
            public boolean getAsBoolean() {
                return refused++ < 1;
            }
        }, () -> FakeTelegram.tooManyRequests(1));
        telegram.privateMessage(42, "ru", "Привет 👋");
        telegram.awaitSent(1, WAIT);

        String metrics = awaitMetric("bot_messages_answered_total 1.0");
        assertEquals(200, get("/metrics").statusCode());
        assertTrue(get("/metrics").headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        for (String line : List.of("bot_messages_received_total 1.0", "bot_messages_parked_total 0.0",
                "telegram_too_many_requests_total 1.0", "gigachat_tokens_total{kind=\"prompt\"}",
                "gigachat_request_seconds_count{outcome=\"ok\"} 1", "gigachat_request_seconds_bucket{outcome=\"ok\",le=",
                "bot_queue_depth{queue=\"inbox\"} 0.0", "bot_queue_depth{queue=\"send\"} 0.0")) {
            assertTrue(metrics.contains(line), "metrics show " + line + ":\n" + metrics);
        }
    }

    /** The answer is counted just after it reached Telegram: the scrape may come a moment earlier. */
    private String awaitMetric(String line) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        String metrics;
        while (!(metrics = get("/metrics").body()).contains(line) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        return metrics;
    }

    @Test
    void noHttpServerUnlessAsked() throws Exception {
        port = BotProcess.freePort();
        bot.start();
        telegram.privateMessage(42, "ru", "Привет");
        telegram.awaitSent(1, WAIT);
        assertTrue(assertThrowsConnect(), "nothing listens");
    }

    private boolean assertThrowsConnect() {
        try {
            get("/healthz");
            return false;
        } catch (java.net.ConnectException e) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
