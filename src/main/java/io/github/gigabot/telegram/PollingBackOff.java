package io.github.gigabot.telegram;

import io.github.gigabot.time.Backoff;
import org.telegram.telegrambots.longpolling.interfaces.BackOff;

/**
 * TelegramBots' pause between failed polls, after a {@link Backoff}: counted from the first failure
 * since the last success. Replaces the library's default, whose 15-minute "max elapsed time" turns
 * every later wait into 15 minutes after a long outage.
 */
final class PollingBackOff implements BackOff {

    private final Backoff backoff;
    private int failures;

    PollingBackOff(Backoff backoff) {
        this.backoff = backoff;
    }

    @Override
    public synchronized void reset() {
        failures = 0;
    }

    @Override
    public synchronized long nextBackOffMillis() {
        return backoff.pause(failures++).toMillis();
    }
}
