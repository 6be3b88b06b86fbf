package io.github.gigabot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches a process's memory and threads the way {@code top} would, from {@code /proc/<pid>/status},
 * every 100 ms: the highest resident set and thread count seen, besides the kernel's own high-water
 * mark (VmHWM), which catches peaks between samples.
 */
final class MemorySampler implements AutoCloseable {

    /** One reading: resident set, its high-water mark (both KiB) and the number of threads. */
    record Status(long rssKib, long hwmKib, int threads) {
    }

    private final long pid;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Daemons.named("rss-sampler"));
    private volatile long maxRssKib;
    private volatile int maxThreads;

    MemorySampler(long pid) {
        this.pid = pid;
        timer.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        read(pid).ifPresent(status -> {
            maxRssKib = Math.max(maxRssKib, status.rssKib());
            maxThreads = Math.max(maxThreads, status.threads());
        });
    }

    /** The process's status now, empty once it is gone. */
    static Optional<Status> read(long pid) {
        try {
            long rss = 0;
            long hwm = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                } else if (line.startsWith("Threads:")) {
                    threads = (int) kib(line);
                }
            }
            return Optional.of(new Status(rss, hwm, threads));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    Status now() {
        sample();
        return read(pid).orElse(new Status(0, 0, 0));
    }

    long maxRssKib() {
        return maxRssKib;
    }

    int maxThreads() {
        return maxThreads;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
