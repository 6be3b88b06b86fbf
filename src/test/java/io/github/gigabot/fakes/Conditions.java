package io.github.gigabot.fakes;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting on a condition rather than for a fixed time, for tests whose work runs on other threads. */
public final class Conditions {

    private Conditions() {
    }

    /** Waits up to 10 s: long enough for a loaded 2-core machine, short enough to fail a run quickly. */
    public static void await(BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, Duration.ofSeconds(10), what);
    }

    /** Polls {@code condition} every 5 ms until it holds; fails with {@code what} after {@code within}. */
    public static void await(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + within.toSeconds() + " s waiting: " + what);
            }
            Thread.sleep(5);
        }
    }
}
