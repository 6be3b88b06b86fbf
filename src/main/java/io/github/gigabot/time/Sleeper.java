package io.github.gigabot.time;

import java.time.Duration;

/**
 * Pauses the calling thread. Classes that wait take one instead of calling {@link Thread#sleep}, so
 * tests can run their retry paths without real pauses.
 */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** The real thing. */
    static Sleeper system() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
