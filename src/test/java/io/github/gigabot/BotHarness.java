package io.github.gigabot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.gigabot.fakes.FakeGigaChat;
import io.github.gigabot.fakes.FakeTelegram;
import io.github.gigabot.fakes.PostgresServer;

/**
 * The real application, started through {@link Main#launch} as {@code main} does, wired to a fake
 * Bot API and a fake GigaChat on loopback, with a {@code bot.properties} in a temporary folder.
 * The database is the SQLite file in that folder, or a fresh database of its own on a real
 * PostgreSQL server (the end-to-end classes' {@code OnPostgresqlTest} twins).
 */
final class BotHarness implements AutoCloseable {

    final FakeTelegram telegram;
    final FakeGigaChat gigachat;
    private final Path dir;
    private final boolean onPostgres;
    private final List<String> extraSettings = new ArrayList<>();
    private final List<String> databaseSettings;
    private BotApplication app;

    BotHarness(Path dir, boolean onPostgres) throws Exception {
        this.dir = dir;
        this.onPostgres = onPostgres;
        this.databaseSettings = onPostgres ? postgres() : List.of();
        this.telegram = new FakeTelegram();
        this.gigachat = new FakeGigaChat();
    }

    /** Settings for a new, empty database on the shared test server (skips the test when there is none). */
    static List<String> postgres() {
        PostgresServer server = PostgresServer.shared();
        return List.of("bot.database-url=" + server.jdbcUrl(server.createDatabase()),
                "bot.database-user=" + server.user(), "bot.database-password=" + server.password());
    }

    /** A new connection to this test's PostgreSQL database, or empty on SQLite. */
    Optional<java.sql.Connection> postgresConnection() throws java.sql.SQLException {
        if (!onPostgres) {
            return Optional.empty();
        }
        PostgresServer server = PostgresServer.shared();
        String url = databaseSettings.get(0).substring("bot.database-url=".length());
        return Optional.of(java.sql.DriverManager.getConnection(url, server.user(), server.password()));
    }

    /** True when the bot runs on PostgreSQL rather than on its SQLite file. */
    boolean onPostgres() {
        return onPostgres;
    }

    /** Adds a {@code key=value} line to the config file written at the next start. */
    BotHarness setting(String key, String value) {
        extraSettings.add(key + "=" + value);
        return this;
    }

    BotApplication start() throws Exception {
        List<String> lines = new ArrayList<>(List.of(
                "telegram.bot-token=" + FakeTelegram.TOKEN,
                "telegram.api-url=" + telegram.url(),
                "gigachat.auth-key=" + FakeGigaChat.AUTH_KEY,
                "gigachat.auth-url=" + gigachat.authUrl(),
                "gigachat.api-url=" + gigachat.apiUrl(),
                "gigachat.timeout=5",
                "bot.data-dir=data"));
        lines.addAll(databaseSettings);
        lines.addAll(extraSettings);
        Files.writeString(dir.resolve("bot.properties"), String.join("\n", lines) + "\n");
        app = Main.launch(Optional.of(Path.of("bot.properties")), Map.of(), dir);
        return app;
    }

    void restart() throws Exception {
        stopBot();
        start();
    }

    void stopBot() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    BotApplication app() {
        return app;
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    @Override
    public void close() throws Exception {
        stopBot();
        telegram.close();
        gigachat.close();
    }
}
