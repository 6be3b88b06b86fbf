package io.github.gigabot.pacing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A {@link SendPacer} on a clock that stands still until the pacer waits: a wait passes at once,
 * moves the clock by its length and is reported, so single-threaded tests see exactly the pauses
 * the pacer would have made.
 */
public final class ManualPacer {

    private final AtomicLong nanos = new AtomicLong();
    private final SendPacer pacer;

    public ManualPacer(SendLimits limits, Consumer<Duration> onWait) {
        this.pacer = new SendPacer(limits, nanos::get, (condition, waitNanos) -> {
            onWait.accept(Duration.ofNanos(waitNanos));
            nanos.addAndGet(waitNanos);
        });
    }

    /** Limits nothing in a test ever reaches: the pacer only waits when Telegram said 429. */
    public static SendLimits roomy() {
        return new SendLimits(1, 1_000_000, 1_000_000, Duration.ofSeconds(1), 1_000_000, Duration.ofSeconds(1), 1);
    }

    public SendPacer pacer() {
        return pacer;
    }

    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
