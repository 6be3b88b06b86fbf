package io.github.gigabot.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The three contestants and what each goes through, in the order the table reads: the floor bot
 * (overhead loop, throughput burst), bot A with Telegram's send limits (start, idle, overhead
 * loop, paced burst) and bot B as against a local Bot API server (throughput burst). A contestant
 * that cannot be measured is reported and the next one still runs.
 */
final class Scenarios {

    static final int CONCURRENCY = 200;
    static final Duration PAUSE_AFTER_ANSWER = Duration.ofMillis(50);
    static final Duration GIVE_UP = Duration.ofSeconds(120);
    static final long BURST_LATENCY_MILLIS = 1000;

    private final BenchSettings settings;
    private final Launcher launcher;
    private final Results results;

    Scenarios(BenchSettings settings, Results results) {
        this.settings = settings;
        this.launcher = new Launcher(settings);
        this.results = results;
    }

    private List<String> jvmOptions() {
        List<String> options = new java.util.ArrayList<>(settings.jvmOptions());
        if (settings.nmt()) {
            options.add("-XX:NativeMemoryTracking=summary");
        }
        return options;
    }

    void floor() throws InterruptedException {
        try (Contestant floor = Contestant.start(false, (telegram, gigachat) ->
                launcher.floor("floor", telegram, gigachat, CONCURRENCY, jvmOptions()))) {
            LoadDriver users = new LoadDriver(floor.telegram, 1_000_001, results.problems);
            floor.gigachat.latencyMillis(0);
            users.loop("floor warm-up", settings.warmup(), PAUSE_AFTER_ANSWER);
            results.floorLoop = users.loop("floor overhead loop", settings.messages(), PAUSE_AFTER_ANSWER);
            floor.gigachat.latencyMillis(BURST_LATENCY_MILLIS);
            results.floorBurst = users.burst("floor throughput burst", settings.chats(), GIVE_UP);
            peak(floor);
            results.floor = floor.figures();
        } catch (IOException e) {
            results.problems.add("floor: " + e.getMessage());
        }
    }

    void botA() throws InterruptedException {
        Map<String, String> env = Map.of("GIGACHAT_MAX_CONCURRENCY", Integer.toString(CONCURRENCY));
        try (Contestant bot = Contestant.start(true, (telegram, gigachat) ->
                launcher.bot("botA", telegram, gigachat, env, jvmOptions()))) {
            LoadDriver users = new LoadDriver(bot.telegram, 2_000_001, results.problems);
            bot.gigachat.latencyMillis(0);
            users.loop("bot A warm-up", settings.warmup(), PAUSE_AFTER_ANSWER);
            if (settings.jfr().isPresent()) {
                try (JvmDiagnostics.Window profiled = JvmDiagnostics.profile(bot.jvm.pid(), settings.jfr().get(), settings.strace())) {
                    results.botALoop = users.loop("bot A overhead loop", settings.messages(), PAUSE_AFTER_ANSWER);
                }
            } else {
                results.botALoop = users.loop("bot A overhead loop", settings.messages(), PAUSE_AFTER_ANSWER);
            }
            bot.gigachat.latencyMillis(BURST_LATENCY_MILLIS);
            bot.telegram.limits(true); // full buckets: the burst meets Telegram as a bot that was quiet
            results.botABurst = users.burst("bot A paced burst", settings.chats(), GIVE_UP);
            peak(bot);
            results.botA = bot.figures();
        } catch (IOException e) {
            results.problems.add("bot A: " + e.getMessage());
        }
    }

    void botB() throws InterruptedException {
        Map<String, String> env = Map.of("GIGACHAT_MAX_CONCURRENCY", Integer.toString(CONCURRENCY),
                "TELEGRAM_MAX_MESSAGES_PER_SECOND", "10000");
        try (Contestant bot = Contestant.start(false, (telegram, gigachat) ->
                launcher.bot("botB", telegram, gigachat, env, jvmOptions()))) {
            LoadDriver users = new LoadDriver(bot.telegram, 3_000_001, results.problems);
            bot.gigachat.latencyMillis(0);
            // Warmed up like the floor, whose burst comes after its loops.
            users.loop("bot B warm-up", settings.warmup(), PAUSE_AFTER_ANSWER);
            bot.gigachat.latencyMillis(BURST_LATENCY_MILLIS);
            results.botBBurst = users.burst("bot B throughput burst", settings.chats(), GIVE_UP);
            peak(bot);
            results.botB = bot.figures();
        } catch (IOException e) {
            results.problems.add("bot B: " + e.getMessage());
        }
    }

    /** At the peak of the load: the native memory summary, when asked for. */
    private void peak(Contestant contestant) throws InterruptedException {
        if (!settings.nmt()) {
            return;
        }
        Path file = settings.outDir().resolve(contestant.jvm.name() + "-nmt.txt");
        try {
            contestant.nativeMemory(file);
        } catch (IOException e) {
            System.err.println("native memory summary not taken: " + e.getMessage());
        }
    }

    static List<String> perMessage(Map<String, Long> calls, int messages) {
        List<String> parts = new ArrayList<>();
        calls.forEach((method, count) -> parts.add(String.format(java.util.Locale.ROOT, "%s %.2f", method, (double) count / messages)));
        return parts;
    }
}
