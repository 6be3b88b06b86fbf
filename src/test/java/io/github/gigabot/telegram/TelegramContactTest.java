package io.github.gigabot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contact watcher on a real OkHttp client talking to a stand-in Bot API on loopback. */
class TelegramContactTest {

    private final MockWebServer server = new MockWebServer();
    private final AtomicLong now = new AtomicLong(50_000);
    private final AtomicInteger refusals = new AtomicInteger();
    private final TelegramContact contact = new TelegramContact(now::get, refusals::incrementAndGet);
    private OkHttpClient http;

    @BeforeEach
    void start() throws IOException {
        server.start();
        http = new OkHttpClient.Builder().addInterceptor(contact).retryOnConnectionFailure(false).readTimeout(2, TimeUnit.SECONDS).build();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private int call(MockResponse response) throws IOException {
        server.enqueue(response);
        try (okhttp3.Response answer = http.newCall(new Request.Builder().url(server.url("/botX/getMe")).build()).execute()) {
            return answer.code();
        }
    }

    @Test
    void neverAnsweredUntilTelegramAnswers() throws IOException {
        assertEquals(Optional.empty(), contact.sinceLastAnswer());
        call(new MockResponse().setResponseCode(200));
        assertEquals(Optional.of(Duration.ZERO), contact.sinceLastAnswer());
        now.addAndGet(1_500);
        assertEquals(Optional.of(Duration.ofMillis(1_500)), contact.sinceLastAnswer());
    }

    @Test
    void anyAnswerBelow500CountsAndA429IsAlsoCountedAsARefusal() throws IOException {
        call(new MockResponse().setResponseCode(400));
        now.addAndGet(1_000);
        assertEquals(429, call(new MockResponse().setResponseCode(429).setBody("{\"ok\":false,\"parameters\":{\"retry_after\":3}}")));
        now.addAndGet(1_000);
        call(new MockResponse().setResponseCode(499));

        assertEquals(Optional.of(Duration.ZERO), contact.sinceLastAnswer());
        assertEquals(1, refusals.get());
    }

    @Test
    void gatewayErrorsAndBrokenConnectionsAreNotTelegramAnswering() throws IOException {
        call(new MockResponse().setResponseCode(200));
        now.addAndGet(10_000);
        assertEquals(500, call(new MockResponse().setResponseCode(500)));
        assertEquals(Optional.of(Duration.ofSeconds(10)), contact.sinceLastAnswer(), "after 500");
        assertEquals(502, call(new MockResponse().setResponseCode(502)));
        assertEquals(Optional.of(Duration.ofSeconds(10)), contact.sinceLastAnswer(), "after 502");
        try (okhttp3.Response never = http.newCall(new Request.Builder().url("http://127.0.0.1:1/botX/getMe").build()).execute()) {
            throw new AssertionError("nothing listens there, got " + never.code());
        } catch (java.net.ConnectException expected) {
            // refused: no answer
        }

        assertEquals(Optional.of(Duration.ofSeconds(10)), contact.sinceLastAnswer());
        assertEquals(0, refusals.get());
    }

    @Test
    void aWebhookCallWithTheSecretCountsAsHearingFromTelegram() {
        contact.heardFrom();
        now.addAndGet(250);
        assertEquals(Optional.of(Duration.ofMillis(250)), contact.sinceLastAnswer());
    }

    @Test
    void aClockThatStepsBackNeverGivesANegativeAge() throws IOException {
        call(new MockResponse().setResponseCode(200));
        now.addAndGet(-5_000);
        assertEquals(Optional.of(Duration.ZERO), contact.sinceLastAnswer());
    }
}
