package io.github.gigabot;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bot as a process of its own, started as {@code java -jar} would start it, so a test can run
 * several side by side on one database and kill one with SIGKILL.
 */
final class BotProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int httpPort;
    private final Path dir;
    private final Process process;

    private BotProcess(String name, int httpPort, Path dir, Process process) {
        this.name = name;
        this.httpPort = httpPort;
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts the bot in {@code dir} with {@code settings} as its bot.properties, serving health on the
     * port {@code bot.http-listen} names there, or on a port of its own.
     */
    static BotProcess start(String name, Path dir, List<String> settings) throws IOException {
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>(settings);
        int port = settings.stream().filter(line -> line.startsWith("bot.http-listen=127.0.0.1:"))
                .mapToInt(line -> Integer.parseInt(line.substring(line.lastIndexOf(':') + 1))).findFirst().orElse(-1);
        if (port == -1) {
            port = freePort();
            lines.add("bot.http-listen=127.0.0.1:" + port);
        }
        Files.writeString(dir.resolve("bot.properties"), String.join("\n", lines) + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=logback.xml", Main.class.getName())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        return new BotProcess(name, port, dir, process);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** GETs a path of the health server; the status, or -1 when nothing answers. */
    int get(String path) {
        return status(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(15)).build());
    }

    /** POSTs a JSON body to a path on {@code port} with headers; the status, or -1 when nothing answers. */
    static int post(int port, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return status(request.build());
    }

    private static int status(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits until {@code /readyz} says ready. */
    void awaitReady(Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (get("/readyz") != 200) {
            if (System.nanoTime() > end || !process.isAlive()) {
                throw new AssertionError(name + " not ready within " + timeout + "; its log:\n" + log());
            }
            Thread.sleep(50);
        }
    }

    String log() throws IOException {
        Path out = dir.resolve("out.txt");
        return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
    }

    /** SIGKILL: no shutdown hook, no goodbye, as when a machine is lost. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
