package io.github.gigabot.metrics;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * The bot's measurements, named once: messages received, answered and parked, retries, Telegram's
 * refusals, model call latency and tokens, and the depth of the inbox and the send queue. Everything
 * else calls these methods and never names a meter; Micrometer turns them into what
 * {@code /metrics} shows in Prometheus' format.
 */
public final class BotMetrics {

    private final MeterRegistry registry;
    private final Counter received;
    private final Counter answered;
    private final Counter parked;

    public BotMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder("bot.messages.received").description("Messages stored in the inbox").register(registry);
        this.answered = Counter.builder("bot.messages.answered").description("Messages whose answer reached Telegram").register(registry);
        this.parked = Counter.builder("bot.messages.parked").description("Messages given up on after every attempt failed").register(registry);
    }

    /** Measurements that go nowhere: a bot without {@code bot.http-listen}, and tests that do not look. */
    public static BotMetrics none() {
        return new BotMetrics(new CompositeMeterRegistry());
    }

    public void received(int messages) {
        received.increment(messages);
    }

    public void answered() {
        answered.increment();
    }

    public void parked() {
        parked.increment();
    }

    /** Something was tried again: {@code handling} a message, a {@code resend} of an answer. */
    public void retried(String what) {
        Counter.builder("bot.retries").description("Attempts made again").tag("what", what).register(registry).increment();
    }

    /** Telegram answered 429 Too Many Requests. */
    public void telegramRefused() {
        Counter.builder("telegram.too.many.requests").description("429 answers from Telegram").register(registry).increment();
    }

    /** One call to the model, with how it ended ({@code ok} or the failure's kind). */
    public void modelCall(Duration took, String outcome) {
        Timer.builder("gigachat.request").description("Model calls, from request to the whole answer")
                .tag("outcome", outcome).publishPercentileHistogram().register(registry).record(took);
    }

    /** Tokens one answer cost. */
    public void tokens(long prompt, long completion) {
        Counter.builder("gigachat.tokens").description("Tokens spent").tag("kind", "prompt").register(registry).increment(prompt);
        Counter.builder("gigachat.tokens").description("Tokens spent").tag("kind", "completion").register(registry).increment(completion);
    }

    /** Reads a depth when scraped: {@code inbox} (messages stored, not yet answered) or {@code send} (sends waiting for their turn). */
    public void depth(String queue, Supplier<Number> depth) {
        Gauge.builder("bot.queue.depth", depth).description("Items waiting").tag("queue", queue).register(registry);
    }
}
