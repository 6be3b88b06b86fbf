package io.github.gigabot.cluster;

import java.time.Duration;

import io.github.gigabot.chat.StorageException;
import io.github.gigabot.storage.AdvisoryLock;
import io.github.gigabot.time.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job only one instance may do at a time (polling Telegram, which allows one poller per token),
 * done by whichever instance holds a database lock. Every {@code checkEvery} each instance checks:
 * the holder that lost its lock (its database connection broke) stops the job; an instance without
 * the job tries to take the lock and, having it, starts the job. When the holder dies, the database
 * frees its lock and another instance takes over at its next check.
 */
public final class ExclusiveRole implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExclusiveRole.class);
    /** The most checks let pass after failed starts before the next try. */
    static final int MAX_SKIPPED_CHECKS = 30;

    /** Starts the job; closing what it returns stops it. */
    @FunctionalInterface
    public interface Job {
        AutoCloseable start() throws Exception;
    }

    private final String name;
    private final AdvisoryLock lock;
    private final Job job;
    private final Duration checkEvery;
    private final Sleeper sleeper;
    private final Thread thread;
    private AutoCloseable running;
    private volatile boolean closed;
    /** Starts that failed in a row, and the checks still to let pass before the next try. */
    private int failedStarts;
    private int checksToSkip;

    public ExclusiveRole(String name, AdvisoryLock lock, Job job, Duration checkEvery, Sleeper sleeper) {
        this.name = name;
        this.lock = lock;
        this.job = job;
        this.checkEvery = checkEvery;
        this.sleeper = sleeper;
        this.thread = new Thread(this::run, name + "-role");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** True while this instance does the job. */
    public synchronized boolean active() {
        return running != null;
    }

    private void run() {
        while (!closed) {
            check();
            try {
                sleeper.sleep(checkEvery);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One check: keep the job, give it up, or take it. */
    synchronized void check() {
        if (closed) {
            return;
        }
        if (running != null) {
            if (lock.held()) {
                return;
            }
            log.warn("Lost the {} role (the database connection that held it broke); another instance may take it", name);
            stopJob();
        }
        if (checksToSkip > 0) {
            checksToSkip--;
            return;
        }
        try {
            if (!lock.tryAcquire()) {
                return;
            }
        } catch (StorageException e) {
            log.warn("Cannot ask for the {} role: {}", name, e.getMessage());
            return;
        }
        try {
            running = job.start();
            failedStarts = 0;
            log.info("This instance took the {} role", name);
        } catch (Exception e) {
            // Let go, so another instance may do better; tried again after a growing number of checks.
            lock.release();
            failedStarts++;
            checksToSkip = Math.min(MAX_SKIPPED_CHECKS, 1 << Math.min(failedStarts - 1, 30));
            log.warn("Took the {} role but could not start it, trying again in {} s: {}", name,
                    checkEvery.multipliedBy(checksToSkip + 1L).toSeconds(), e.getMessage());
        }
    }

    private void stopJob() {
        try {
            running.close();
        } catch (Exception e) {
            log.warn("Stopping {} failed: {}", name, e.toString());
        }
        running = null;
        lock.release();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (running != null) {
                stopJob();
            }
            lock.release();
        }
    }
}
