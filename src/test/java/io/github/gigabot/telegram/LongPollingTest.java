package io.github.gigabot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.gigabot.fakes.Conditions;
import io.github.gigabot.fakes.FakeTelegram;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.objects.Update;

/** TelegramBots' real long polling against the fake Bot API. */
class LongPollingTest {

    private FakeTelegram telegram;
    private final List<Update> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch tokenRejected = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        telegram = new FakeTelegram();
    }

    @AfterEach
    void stop() throws Exception {
        telegram.close();
    }

    private LongPolling poll() throws TelegramFailure {
        return LongPolling.start(FakeTelegram.TOKEN, URI.create(telegram.url()), new OkHttpClient(),
                received::addAll, tokenRejected::countDown);
    }

    private static boolean pollingThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("telegram-polling-") && t.isAlive());
    }

    @Test
    void asksForMessagesOnlyAndHandsThemOnInOrder() throws Exception {
        try (LongPolling polling = poll()) {
            telegram.privateMessage(5, "ru", "раз");
            telegram.privateMessage(6, "en", "два");
            Conditions.await(() -> received.size() >= 2, "two updates");

            assertEquals(List.of("раз", "два"), received.stream().map(u -> u.getMessage().getText()).toList());
            assertEquals("[\"message\"]", telegram.polls().get(0).get("allowed_updates").toString());
            assertTrue(pollingThreadAlive());
        }
    }

    @Test
    void closingStopsPollingAndItsThread() throws Exception {
        LongPolling polling = poll();
        Conditions.await(() -> !telegram.polls().isEmpty(), "a first poll");

        polling.close();

        assertFalse(pollingThreadAlive(), "the polling thread has ended, so nothing more is polled");
        assertTrue(received.isEmpty());
    }

    @Test
    void aRevokedTokenIsReported() throws Exception {
        telegram.refuseWhile("getUpdates", () -> true, () -> FakeTelegram.error(401, "Unauthorized"));

        try (LongPolling polling = poll()) {
            assertTrue(tokenRejected.await(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void theUrlTakesTheSchemesPortUnlessOneIsGiven() {
        assertUrl("https", "api.telegram.org", 443, LongPolling.telegramUrl(URI.create("https://api.telegram.org")));
        assertUrl("http", "127.0.0.1", 80, LongPolling.telegramUrl(URI.create("HTTP://127.0.0.1/")));
        assertUrl("https", "proxy.example", 8443, LongPolling.telegramUrl(URI.create("https://proxy.example:8443")));
        assertUrl("http", "localhost", 8081, LongPolling.telegramUrl(URI.create("http://localhost:8081")));
    }

    private static void assertUrl(String scheme, String host, int port, TelegramUrl url) {
        assertEquals(List.of(scheme, host, port), List.of(url.getSchema(), url.getHost(), url.getPort()));
        assertFalse(url.isTestServer());
    }
}
