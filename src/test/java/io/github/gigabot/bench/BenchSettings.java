package io.github.gigabot.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The benchmark's knobs, from system properties, so that the Maven profile can pass them through:
 * {@code bench.only} (comma-separated floor, a, b; default all), {@code bench.warmup},
 * {@code bench.messages}, {@code bench.chats}, and the profiling options {@code bench.jfr} (a JFR
 * file for bot A's measured loop), {@code bench.strace} (count bot A's syscalls over that loop) and
 * {@code bench.nmt} (native memory summary of every process at its peak), and
 * {@code bench.jvm-options}: JVM flags for every bot process, floor included (empty: the JVM's defaults).
 */
record BenchSettings(Path jar, Path outDir, Set<String> only, int warmup, int messages, int chats,
                     Optional<Path> jfr, boolean strace, boolean nmt, List<String> jvmOptions) {

    static BenchSettings from(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: Benchmark <path to gigachat-telegram-bot.jar>");
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        String only = property("bench.only").orElse("all").toLowerCase(Locale.ROOT);
        Set<String> parts = only.equals("all") ? Set.of("floor", "a", "b") : Set.of(only.split("\\s*,\\s*"));
        return new BenchSettings(jar, jar.getParent().resolve("bench"), parts,
                Integer.parseInt(property("bench.warmup").orElse("200")),
                Integer.parseInt(property("bench.messages").orElse("500")),
                Integer.parseInt(property("bench.chats").orElse("200")),
                property("bench.jfr").map(file -> Path.of(file).toAbsolutePath()),
                Boolean.parseBoolean(property("bench.strace").orElse("false")),
                Boolean.parseBoolean(property("bench.nmt").orElse("false")),
                property("bench.jvm-options").map(flags -> List.of(flags.split("\\s+"))).orElse(List.of()));
    }

    /** A property, blank counting as unset (the Maven profile passes empty defaults). */
    private static Optional<String> property(String name) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    boolean runs(String part) {
        return only.contains(part);
    }
}
