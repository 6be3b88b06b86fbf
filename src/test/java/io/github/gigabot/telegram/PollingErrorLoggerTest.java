package io.github.gigabot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.gigabot.fakes.FakeTelegram;
import io.github.gigabot.fakes.LogCapture;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PollingErrorLoggerTest {

    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger tokenRejected = new AtomicInteger();
    private final OkHttpClient http = new OkHttpClient.Builder()
            .addInterceptor(new PollingErrorLogger(tokenRejected::incrementAndGet)).build();
    private LogCapture log;

    @BeforeEach
    void start() throws IOException {
        server.start();
        log = new LogCapture("io.github.gigabot.telegram.Polling");
    }

    @AfterEach
    void stop() throws IOException {
        log.close();
        server.shutdown();
    }

    private int poll(MockResponse response) throws IOException {
        server.enqueue(response);
        try (Response answer = http.newCall(new Request.Builder().url(server.url("/bot1:x/getUpdates")).build()).execute()) {
            return answer.code();
        }
    }

    @Test
    void aRevokedTokenIsReportedOnce() throws IOException {
        assertEquals(401, poll(FakeTelegram.error(401, "Unauthorized")));

        assertEquals(1, tokenRejected.get());
        assertEquals(List.of("ERROR Telegram polling: 401 Unauthorized: the bot token was revoked"), log.lines());
    }

    @Test
    void aConflictNamesTheLikelyCause() throws IOException {
        poll(FakeTelegram.error(409, "Conflict: terminated by other getUpdates request"));

        assertEquals(0, tokenRejected.get());
        assertEquals(List.of("ERROR Telegram polling: 409 Conflict: another instance is polling with this token, "
                + "or a webhook is set (Conflict: terminated by other getUpdates request)"), log.lines());
    }

    @Test
    void otherFailuresAreOneWarningWithTelegramsWords() throws IOException {
        poll(FakeTelegram.error(502, "Bad Gateway: \"upstream\" down"));
        poll(new MockResponse().setResponseCode(500).setBody("<html>Внутренняя ошибка</html>"));

        assertEquals(0, tokenRejected.get());
        assertEquals(List.of("WARN Telegram polling: 502 Bad Gateway: \\\"upstream\\\" down; retrying",
                "WARN Telegram polling: 500 (no description); retrying"), log.lines());
    }

    @Test
    void successIsSilent() throws IOException {
        assertEquals(200, poll(new MockResponse().setBody("{\"ok\":true,\"result\":[]}")));

        assertEquals(List.of(), log.lines());
    }

    @Test
    void aDroppedConnectionIsLoggedAndPassedOn() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));

        Call call = http.newCall(new Request.Builder().url(server.url("/bot1:x/getUpdates")).build());
        assertThrows(IOException.class, call::execute);

        assertEquals(1, log.lines().size(), log.lines().toString());
        assertEquals(true, log.lines().get(0).startsWith("WARN Telegram polling failed: "), log.lines().get(0));
        assertEquals(true, log.lines().get(0).endsWith("; retrying"), log.lines().get(0));
    }

    @Test
    void aCancelledPollIsNotAFailure() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        Call call = http.newCall(new Request.Builder().url(server.url("/bot1:x/getUpdates")).build());
        Thread canceller = new Thread(() -> {
            try {
                server.takeRequest();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            call.cancel();
        });
        canceller.start();

        assertThrows(IOException.class, call::execute);
        canceller.join();

        assertEquals(List.of(), log.lines());
    }
}
