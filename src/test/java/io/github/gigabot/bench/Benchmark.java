package io.github.gigabot.bench;

import java.nio.file.Files;

/**
 * The performance benchmark, run by {@code mvn -B -Pbench verify} once the shaded jar exists: it
 * measures the real bot against {@link FloorBot}, the least a bot on the same libraries must do,
 * with loopback stand-ins for Telegram and GigaChat, and prints one table. It exits non-zero only
 * when it could not measure (a bot did not start, an answer was wrong, duplicated or missing),
 * never because a target was missed: a missed target is printed as MISSED.
 *
 * <p>Options (system properties, passed through by the profile): {@code bench.only=floor,a,b},
 * {@code bench.warmup}, {@code bench.messages}, {@code bench.chats}, {@code bench.jfr=<file>},
 * {@code bench.strace=true}, {@code bench.nmt=true}; see {@link BenchSettings}.
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.from(args);
        if (!Files.isRegularFile(settings.jar())) {
            System.err.println("No bot jar at " + settings.jar() + ": run the package phase first");
            System.exit(2);
        }
        Files.createDirectories(settings.outDir());
        System.out.println("Benchmark: " + settings.jar() + "; logs in " + settings.outDir());
        System.out.println("JVM options of every bot process: "
                + (settings.jvmOptions().isEmpty() ? "none (the JVM's defaults)" : String.join(" ", settings.jvmOptions())));
        Results results = new Results();
        Scenarios scenarios = new Scenarios(settings, results);
        long started = System.nanoTime();
        if (settings.runs("floor")) {
            phase("floor bot", started);
            scenarios.floor();
        }
        if (settings.runs("a")) {
            phase("bot A (Telegram's limits)", started);
            scenarios.botA();
        }
        if (settings.runs("b")) {
            phase("bot B (no limits)", started);
            scenarios.botB();
        }
        phase("done", started);
        new ReportTable(results, settings.chats()).print(System.out);
        System.out.flush();
        System.exit(results.problems.isEmpty() ? 0 : 1);
    }

    private static void phase(String name, long started) {
        System.out.printf(java.util.Locale.ROOT, "[%5.1f s] %s%n", (System.nanoTime() - started) / 1e9, name);
    }
}
