package io.github.gigabot.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class HealthTest {

    private final AtomicBoolean started = new AtomicBoolean(true);
    private final AtomicBoolean database = new AtomicBoolean(true);
    private final AtomicReference<Optional<Duration>> sinceTelegram = new AtomicReference<>(Optional.of(Duration.ofSeconds(1)));
    private final Health health = new Health(started::get, database::get, sinceTelegram::get, Duration.ofSeconds(150));
    private static final Request GET = new Request("GET", Map.of(), new byte[0]);

    private static String text(Response response) {
        return response.status() + " " + new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void livenessIsAlways200() {
        database.set(false);
        sinceTelegram.set(Optional.empty());
        assertEquals("200 ok\n", text(health.liveness().handle(GET)));
    }

    @Test
    void readyWhileTheDatabaseAnswersAndTelegramAnsweredRecently() {
        assertEquals("200 ready\n", text(health.readiness().handle(GET)));
        sinceTelegram.set(Optional.of(Duration.ofSeconds(150)));
        assertEquals("200 ready\n", text(health.readiness().handle(GET)), "150 s is still recent");
    }

    @Test
    void unreadyUntilStartUpIsDoneWhateverElseHolds() {
        started.set(false);
        assertEquals("503 not ready: still starting (webhook or polling not set up yet)\n", text(health.readiness().handle(GET)));
        database.set(false);
        assertEquals("503 not ready: still starting (webhook or polling not set up yet)\n", text(health.readiness().handle(GET)));
        assertEquals("200 ok\n", text(health.liveness().handle(GET)), "alive meanwhile");
        started.set(true);
        database.set(true);
        assertEquals("200 ready\n", text(health.readiness().handle(GET)));
    }

    @Test
    void unreadyWithTheReason() {
        sinceTelegram.set(Optional.of(Duration.ofMillis(150_001)));
        assertEquals("503 not ready: Telegram last answered 150 s ago\n", text(health.readiness().handle(GET)));
        sinceTelegram.set(Optional.empty());
        assertEquals("503 not ready: Telegram has not answered yet\n", text(health.readiness().handle(GET)));
        database.set(false);
        assertEquals("503 not ready: the database does not answer\n", text(health.readiness().handle(GET)), "the database first");
        database.set(true);
        sinceTelegram.set(Optional.of(Duration.ZERO));
        assertEquals("200 ready\n", text(health.readiness().handle(GET)), "ready again by itself");
    }

    @Test
    void metricsAreWhatTheRegistryRendersInPrometheusTextFormat() {
        Response response = new MetricsRoute(() -> "bot_messages_received_total 3.0\n# ёж 🦔\n").handle(GET);
        assertEquals(200, response.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.contentType());
        assertArrayEquals("bot_messages_received_total 3.0\n# ёж 🦔\n".getBytes(StandardCharsets.UTF_8), response.body());
    }

    @Test
    void aRequestAndAResponseAreCopiesNotViews() {
        byte[] body = {1, 2, 3};
        Request request = new Request("POST", Map.of("x-key", "v"), body);
        body[0] = 9;
        assertEquals(1, request.body()[0]);
        request.body()[1] = 9;
        assertEquals(2, request.body()[1]);
        assertEquals(Optional.of("v"), request.header("X-KEY"));
        assertEquals(Optional.empty(), request.header("x-other"));
        Response response = Response.text(200, "да");
        response.body()[0] = 0;
        assertEquals("да\n", new String(response.body(), StandardCharsets.UTF_8));
    }
}
