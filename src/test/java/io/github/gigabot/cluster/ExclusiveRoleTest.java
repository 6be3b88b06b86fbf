package io.github.gigabot.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.gigabot.chat.StorageException;
import io.github.gigabot.storage.AdvisoryLock;
import org.junit.jupiter.api.Test;

/** The role's decisions, check by check, against a lock whose answers the test chooses. */
class ExclusiveRoleTest {

    private final AdvisoryLock lock = mock(AdvisoryLock.class);
    private final List<String> events = new ArrayList<>();
    private int failuresLeft;

    private final ExclusiveRole.Job job = () -> {
        if (failuresLeft > 0) {
            failuresLeft--;
            events.add("start failed");
            throw new IllegalStateException("Telegram unreachable");
        }
        events.add("started");
        return () -> events.add("stopped");
    };

    private ExclusiveRole role() {
        return new ExclusiveRole("polling", lock, job, Duration.ofSeconds(1), pause -> { });
    }

    @Test
    void theInstanceThatGetsTheLockStartsTheJobOnce() throws Exception {
        when(lock.tryAcquire()).thenReturn(true);
        when(lock.held()).thenReturn(true);
        ExclusiveRole role = role();

        role.check();
        role.check();
        role.check();

        assertEquals(List.of("started"), events);
        assertTrue(role.active());
        verify(lock, times(1)).tryAcquire();
    }

    @Test
    void withoutTheLockNothingStarts() throws Exception {
        when(lock.tryAcquire()).thenReturn(false);
        ExclusiveRole role = role();
        role.check();
        role.check();
        assertEquals(List.of(), events);
        assertFalse(role.active());
    }

    @Test
    void aLostLockStopsTheJobAndItIsTakenAgainWhenFree() throws Exception {
        when(lock.tryAcquire()).thenReturn(true, false, true);
        when(lock.held()).thenReturn(true, false);
        ExclusiveRole role = role();

        role.check();
        role.check();
        role.check();
        assertEquals(List.of("started", "stopped"), events, "lost, and another instance holds it now");
        assertFalse(role.active());
        verify(lock).release();
        role.check();

        assertEquals(List.of("started", "stopped", "started"), events);
    }

    @Test
    void aJobThatFailsToStartIsTriedAgainAfterGrowingPausesAndTheLockIsLetGoMeanwhile() throws Exception {
        when(lock.tryAcquire()).thenReturn(true);
        when(lock.held()).thenReturn(true);
        failuresLeft = 5;
        ExclusiveRole role = role();

        List<Integer> triedAt = triedAt(role, 40);

        assertTrue(role.active());
        assertEquals(List.of(1, 3, 6, 11, 20, 37), triedAt, "1, 2, 4, 8, 16 checks let pass between tries");
        assertEquals("started", events.get(events.size() - 1));
        verify(lock, times(5)).release();
    }

    @Test
    void thePauseBetweenTriesStopsGrowingAtThirtyChecks() throws Exception {
        when(lock.tryAcquire()).thenReturn(true);
        failuresLeft = 1000;
        assertEquals(List.of(1, 3, 6, 11, 20, 37, 68, 99, 130, 161, 192), triedAt(role(), 200));
    }

    /** The checks, counted from 1, at which the role tried to start the job, until it runs. */
    private List<Integer> triedAt(ExclusiveRole role, int checks) {
        List<Integer> tried = new ArrayList<>();
        for (int check = 1; check <= checks && !role.active(); check++) {
            int before = events.size();
            role.check();
            if (events.size() > before) {
                tried.add(check);
            }
        }
        return tried;
    }

    @Test
    void aLockThatCannotBeAskedForIsNotAFailureOfTheRole() throws Exception {
        when(lock.tryAcquire()).thenThrow(new StorageException("database down", null)).thenReturn(true);
        ExclusiveRole role = role();
        role.check();
        assertEquals(List.of(), events);
        role.check();
        assertEquals(List.of("started"), events, "asked again at the next check");
    }

    @Test
    void closingStopsTheJobAndLetsTheLockGo() throws Exception {
        when(lock.tryAcquire()).thenReturn(true);
        when(lock.held()).thenReturn(true);
        ExclusiveRole role = role();
        role.check();

        role.close();
        role.check();

        assertEquals(List.of("started", "stopped"), events, "nothing starts after closing");
        verify(lock, times(2)).release();
        verify(lock, never()).close();
    }

    @Test
    void itsThreadChecksAfterEachPauseAndEndsWithTheJobWhenClosed() throws Exception {
        when(lock.tryAcquire()).thenReturn(true);
        when(lock.held()).thenReturn(true);
        java.util.concurrent.atomic.AtomicInteger pauses = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.Semaphore paused = new java.util.concurrent.Semaphore(0);
        ExclusiveRole role = new ExclusiveRole("polling", lock, job, Duration.ofMillis(5), pause -> {
            assertEquals(Duration.ofMillis(5), pause);
            pauses.incrementAndGet();
            paused.release();
            Thread.sleep(pause.toMillis());
        });

        role.start();
        assertTrue(paused.tryAcquire(3, 10, java.util.concurrent.TimeUnit.SECONDS), "checked, paused, checked again");
        assertTrue(role.active());
        role.close();

        assertEquals(List.of("started", "stopped"), events);
        role.check();
        assertEquals(List.of("started", "stopped"), events, "nothing starts after closing");
        assertFalse(role.active());
    }
}
