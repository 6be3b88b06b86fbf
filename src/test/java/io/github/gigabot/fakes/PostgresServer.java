package io.github.gigabot.fakes;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.opentest4j.TestAbortedException;

/**
 * A real PostgreSQL server for the tests, started from the machine's own PostgreSQL installation
 * (found through {@code pg_config --bindir}): there is no Docker engine here to run one in, and an
 * embedded copy would refuse to run as root just the same. PostgreSQL will not run as root, so when
 * the tests do, its programs run as the {@code postgres} user through {@code runuser}. One server per
 * test JVM, started on first use, with durability switched off for speed, and removed when the JVM
 * ends. Where none can be started, every test that asks for it is skipped with the reason.
 */
public final class PostgresServer {

    public static final String USER = "bot";
    public static final String PASSWORD = "bot-test-password";

    private static final long COMMAND_TIMEOUT_SECONDS = 60;
    private static PostgresServer shared;
    private static String unavailable;

    private final Path bin;
    private final Path root;
    private final int port;
    private final boolean asPostgresUser;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path bin, Path root, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.root = root;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The test JVM's server, started on first use; skips the calling test when there can be none. */
    public static synchronized PostgresServer shared() {
        if (shared == null && unavailable == null) {
            try {
                shared = startNew();
                Runtime.getRuntime().addShutdownHook(new Thread(shared::remove, "postgres-stop"));
            } catch (IOException | RuntimeException e) {
                unavailable = "PostgreSQL tests skipped: " + e.getMessage();
                System.err.println(unavailable);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TestAbortedException("interrupted while starting PostgreSQL");
            }
        }
        if (shared == null) {
            throw new TestAbortedException(unavailable);
        }
        return shared;
    }

    private static PostgresServer startNew() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("gigabot-postgres-");
        PostgresServer server = new PostgresServer(bin, dir, freePort(), root);
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), "chown the data folder to postgres");
        }
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        server.postgres(List.of(bin.resolve("initdb").toString(), "-D", server.data().toString(), "-U", USER,
                "--pwfile=" + passwordFile, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"), "initdb");
        server.start();
        return server;
    }

    /** Where the installation's programs are: {@code pg_config --bindir}, or the newest under /usr/lib/postgresql. */
    private static Path binaries() throws IOException, InterruptedException {
        try {
            Path bin = Path.of(run(List.of("pg_config", "--bindir"), "pg_config").strip());
            if (Files.isExecutable(bin.resolve("initdb"))) {
                return bin;
            }
        } catch (IOException e) {
            // No pg_config on the PATH: look where Debian puts the server.
        }
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> found = Files.list(versions)) {
                List<Path> bins = found.map(version -> version.resolve("bin")).filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                        .sorted(Comparator.comparing(bin -> numeric(bin.getParent().getFileName().toString()))).toList();
                if (!bins.isEmpty()) {
                    return bins.get(bins.size() - 1);
                }
            }
        }
        throw new IOException("no PostgreSQL server found (pg_config --bindir, /usr/lib/postgresql/*/bin); install postgresql");
    }

    private static int numeric(String version) {
        return version.matches("\\d{1,4}") ? Integer.parseInt(version) : 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Path data() {
        return root.resolve("data");
    }

    /** Starts the server (again) on its port. */
    public synchronized void start() throws IOException, InterruptedException {
        postgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l", root.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1 -c fsync=off "
                        + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start"), "pg_ctl start");
    }

    /** Stops the server at once, cutting every connection; {@link #start()} brings it back. */
    public synchronized void stop() throws IOException, InterruptedException {
        postgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "stop"), "pg_ctl stop");
    }

    /** A new, empty database of its own; returns its name. */
    public String createDatabase() {
        String name = "t" + databases.incrementAndGet() + "_" + Long.toHexString(System.nanoTime() & 0xffffff);
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return port;
    }

    private void remove() {
        try {
            stop();
        } catch (IOException | InterruptedException e) {
            // The JVM is ending: a server left running is removed with its folder below.
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Left in the temp folder.
        }
    }

    /** Runs one of PostgreSQL's programs, as the postgres user when this JVM is root. */
    private String postgres(List<String> command, String what) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            return run(full, what);
        } catch (IOException e) {
            Path log = root.resolve("server.log");
            String tail = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            throw new IOException(e.getMessage() + (tail.isEmpty() ? "" : "\nserver log:\n" + tail.substring(Math.max(0, tail.length() - 2000))), e);
        }
    }

    private static String run(List<String> command, String what) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(what + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(what + " failed (exit " + process.exitValue() + "): " + text.strip());
        }
        return text;
    }
}
