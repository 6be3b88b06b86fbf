package io.github.gigabot.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A bot under measurement as a process of its own: started with a clean environment (no inherited
 * TELEGRAM_, GIGACHAT_ or BOT_ settings) in its own working directory, its output going to a log
 * file rather than the console, stopped with SIGTERM the way a service manager would.
 */
final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final long spawnedNanos;
    private final Path log;

    private ChildJvm(String name, Process process, long spawnedNanos, Path log) {
        this.name = name;
        this.process = process;
        this.spawnedNanos = spawnedNanos;
        this.log = log;
    }

    static ChildJvm start(String name, List<String> command, Map<String, String> settings, Path workDir, Path log) throws IOException {
        Files.createDirectories(workDir);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("TELEGRAM_") || key.startsWith("GIGACHAT_")
                || key.startsWith("BOT_") || key.startsWith("FLOOR_") || key.equals("JAVA_TOOL_OPTIONS") || key.equals("LOG_LEVEL"));
        builder.environment().putAll(settings);
        long spawned = System.nanoTime();
        return new ChildJvm(name, builder.start(), spawned, log);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    long spawnedNanos() {
        return spawnedNanos;
    }

    Path log() {
        return log;
    }

    /**
     * Waits for {@code event} (such as the first poll at a stand-in) and returns its value, failing
     * at once if the process ends first.
     */
    <T> T awaitWhileAlive(CompletableFuture<T> event, Duration timeout) throws IOException, InterruptedException {
        CompletableFuture<Object> either = CompletableFuture.anyOf(event, process.onExit());
        try {
            either.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(name + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(name + " did not get there within " + timeout.toSeconds() + " s; log " + log + ":\n" + tail());
        }
        if (!event.isDone()) {
            throw new IOException(name + " exited with " + process.exitValue() + " before it got there; log " + log + ":\n" + tail());
        }
        return event.join();
    }

    /** The last lines of the log, for a failure message. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGTERM, then up to 30 s for an orderly stop; killed if it does not come. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            System.err.println(name + " did not stop within 30 s of SIGTERM; killing it");
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
