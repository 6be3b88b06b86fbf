package io.github.gigabot.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ThreadFactory;

import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void threadsAreNumberedDaemonsThatRunTheirTask() throws Exception {
        ThreadFactory threads = DaemonThreads.named("worker");
        boolean[] ran = new boolean[1];
        Thread first = threads.newThread(() -> ran[0] = true);
        Thread second = threads.newThread(() -> { });

        assertEquals("worker-1", first.getName());
        assertEquals("worker-2", second.getName());
        assertTrue(first.isDaemon() && second.isDaemon());
        first.start();
        first.join();
        assertTrue(ran[0]);
        assertEquals("other-1", DaemonThreads.named("other").newThread(() -> { }).getName(), "each factory counts on its own");
    }
}
