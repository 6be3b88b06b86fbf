package io.github.gigabot.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.gigabot.chat.ChatModel;
import io.github.gigabot.chat.Completion;
import io.github.gigabot.chat.CompletionRequest;
import io.github.gigabot.chat.ModelException;
import io.github.gigabot.chat.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class MeteredChatModelTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** Not zero: a duration must be the difference of two readings, whatever the ticker's origin. */
    private final AtomicLong nanos = new AtomicLong(7_000_000_000L);
    private final Completion answer = new Completion("Привет 👋", "stop", new TokenUsage(12, 30, 42));

    private MeteredChatModel metered(ChatModel model) {
        return new MeteredChatModel(model, new BotMetrics(registry), nanos::get);
    }

    @Test
    void aCallIsTimedAndItsTokensCountedAndTheAnswerPassedOnUnchanged() throws Exception {
        Completion got = metered(request -> {
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(250));
            return answer;
        }).complete(null);

        assertSame(answer, got);
        assertEquals(1, registry.get("gigachat.request").tag("outcome", "ok").timer().count());
        assertEquals(250.0, registry.get("gigachat.request").tag("outcome", "ok").timer().totalTime(TimeUnit.MILLISECONDS));
        assertEquals(12.0, registry.get("gigachat.tokens").tag("kind", "prompt").counter().count());
        assertEquals(30.0, registry.get("gigachat.tokens").tag("kind", "completion").counter().count());
    }

    @Test
    void aStreamIsTimedWholeAndItsProgressPassedOn() throws Exception {
        List<String> progress = new ArrayList<>();
        ChatModel streaming = new ChatModel() {
            @Override
            public Completion complete(CompletionRequest request) {
                throw new AssertionError("streamed, not completed");
            }

            @Override
            public Completion stream(CompletionRequest request, java.util.function.Consumer<String> sink) {
                sink.accept("При");
                nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
                sink.accept("Привет 👋");
                return answer;
            }
        };

        assertSame(answer, metered(streaming).stream(null, progress::add));

        assertEquals(List.of("При", "Привет 👋"), progress);
        assertEquals(2000.0, registry.get("gigachat.request").tag("outcome", "ok").timer().totalTime(TimeUnit.MILLISECONDS));
    }

    @Test
    void aFailedCallIsTimedUnderItsKindAndRethrownAsItWas() {
        ModelException busy = new ModelException(ModelException.Kind.BUSY, "429");
        ModelException thrown = assertThrows(ModelException.class, () -> metered(request -> {
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(40));
            throw busy;
        }).complete(null));

        assertSame(busy, thrown);
        assertEquals(40.0, registry.get("gigachat.request").tag("outcome", "busy").timer().totalTime(TimeUnit.MILLISECONDS));
        assertTrue(registry.find("gigachat.request").tag("outcome", "ok").timers().isEmpty());
        assertTrue(registry.find("gigachat.tokens").counters().isEmpty(), "no tokens counted for a failure");
    }

    @Test
    void prometheusNamesAreTheOnesTheReadmeLists() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        BotMetrics metrics = new BotMetrics(prometheus);
        metrics.received(2);
        metrics.answered();
        metrics.parked();
        metrics.retried("resend");
        metrics.retried("handling");
        metrics.retried("handling");
        metrics.telegramRefused();
        metrics.depth("inbox", () -> 7);
        metrics.depth("send", () -> 3);
        new MeteredChatModel(request -> answer, metrics, nanos::get).complete(null);

        String scrape = prometheus.scrape();
        for (String line : List.of("bot_messages_received_total 2.0", "bot_messages_answered_total 1.0", "bot_messages_parked_total 1.0",
                "bot_retries_total{what=\"resend\"} 1.0", "bot_retries_total{what=\"handling\"} 2.0", "telegram_too_many_requests_total 1.0",
                "bot_queue_depth{queue=\"inbox\"} 7.0", "bot_queue_depth{queue=\"send\"} 3.0",
                "gigachat_tokens_total{kind=\"prompt\"} 12.0", "gigachat_tokens_total{kind=\"completion\"} 30.0",
                "gigachat_request_seconds_count{outcome=\"ok\"} 1")) {
            assertTrue(scrape.contains(line), line + " in:\n" + scrape);
        }
        assertTrue(scrape.contains("gigachat_request_seconds_bucket{outcome=\"ok\",le="), "a latency histogram");
    }

    @Test
    void measurementsThatGoNowhereAreStillTaken() throws Exception {
        BotMetrics none = BotMetrics.none();
        none.received(3);
        none.retried("handling");
        assertSame(answer, new MeteredChatModel(request -> answer, none, nanos::get).complete(null));
    }
}
