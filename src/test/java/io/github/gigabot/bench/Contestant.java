package io.github.gigabot.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One bot process under measurement with its own stand-ins: how long it took from spawn to its
 * first getUpdates, its resident set when idle (3 s after that poll, no traffic), and, when the
 * load is over, its peak (VmHWM), threads and what it asked of GigaChat. Closing it stops the bot.
 */
final class Contestant implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration IDLE_AFTER_POLL = Duration.ofSeconds(3);

    /** A bot's process and the stand-ins it talks to. */
    @FunctionalInterface
    interface Start {
        ChildJvm start(StandInTelegram telegram, StandInGigaChat gigachat) throws IOException;
    }

    /** What is known of the process once its load is over. */
    record Figures(String name, double startSeconds, long idleRssKib, long peakHwmKib, long peakSampledRssKib,
                   int peakThreads, long oauthCalls, Map<String, Long> gigachatCalls, Map<String, Long> telegramCalls) {
    }

    final StandInTelegram telegram;
    final StandInGigaChat gigachat;
    final ChildJvm jvm;
    private final MemorySampler sampler;
    private final double startSeconds;
    private final long idleRssKib;

    private Contestant(StandInTelegram telegram, StandInGigaChat gigachat, ChildJvm jvm, MemorySampler sampler,
                       double startSeconds, long idleRssKib) {
        this.telegram = telegram;
        this.gigachat = gigachat;
        this.jvm = jvm;
        this.sampler = sampler;
        this.startSeconds = startSeconds;
        this.idleRssKib = idleRssKib;
    }

    /** Starts the process, waits for its first poll and measures it idle. */
    static Contestant start(boolean sendLimits, Start start) throws IOException, InterruptedException {
        StandInTelegram telegram = new StandInTelegram();
        StandInGigaChat gigachat = new StandInGigaChat();
        telegram.limits(sendLimits);
        ChildJvm jvm = null;
        MemorySampler sampler = null;
        try {
            jvm = start.start(telegram, gigachat);
            sampler = new MemorySampler(jvm.pid());
            long firstPoll = jvm.awaitWhileAlive(telegram.firstPoll(), START_TIMEOUT);
            double startSeconds = (firstPoll - jvm.spawnedNanos()) / 1e9;
            long idleAt = firstPoll + IDLE_AFTER_POLL.toNanos() - System.nanoTime();
            if (idleAt > 0) {
                java.util.concurrent.TimeUnit.NANOSECONDS.sleep(idleAt); // the idle period itself
            }
            long idleRss = sampler.now().rssKib();
            return new Contestant(telegram, gigachat, jvm, sampler, startSeconds, idleRss);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (sampler != null) {
                sampler.close();
            }
            if (jvm != null) {
                jvm.close();
            }
            telegram.close();
            gigachat.close();
            throw e;
        }
    }

    /** The figures as they stand now; call at the end of the load, before closing. */
    Figures figures() {
        MemorySampler.Status now = sampler.now();
        return new Figures(jvm.name(), startSeconds, idleRssKib, now.hwmKib(), sampler.maxRssKib(),
                sampler.maxThreads(), gigachat.oauthCalls(), gigachat.calls(), telegram.calls());
    }

    /** The native memory summary of a process started with NMT, into {@code file}. */
    void nativeMemory(Path file) throws IOException, InterruptedException {
        JvmDiagnostics.jcmd(jvm.pid(), file, List.of("VM.native_memory", "summary"));
    }

    @Override
    public void close() throws InterruptedException {
        sampler.close();
        try {
            jvm.close();
        } finally {
            telegram.close();
            gigachat.close();
        }
    }
}
