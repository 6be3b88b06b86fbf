package io.github.gigabot.dispatch;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the bot's own threads: daemons, so that none keeps the JVM alive after the bot stopped,
 * named {@code prefix-1}, {@code prefix-2}... so that a thread dump says what each one does.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A factory of daemon threads named after {@code prefix}, numbered from 1. */
    public static ThreadFactory named(String prefix) {
        AtomicInteger made = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + made.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
