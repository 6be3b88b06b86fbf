package io.github.gigabot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.gigabot.config.ConfigException;
import io.github.gigabot.config.DatabaseSettings;
import io.github.gigabot.fakes.PostgresServer;
import io.github.gigabot.storage.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connecting to PostgreSQL at start-up: what is a setting to fix, and what is waited out. */
class DatabaseStartupTest {

    private PostgresServer server;
    private String database;
    private final List<Duration> pauses = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        server = PostgresServer.shared();
        database = server.createDatabase();
    }

    private void admin(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(database), server.user(), server.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void aWrongPasswordIsASettingToFix() {
        ConfigException e = assertThrows(ConfigException.class, () -> BotApplication.connect(
                new DatabaseSettings(Optional.of(server.jdbcUrl(database)), server.user(), "не-тот-пароль 🙂"), pauses::add));
        assertEquals("bot.database-password", e.key());
        assertFalse(e.getMessage().contains("не-тот-пароль"), e.getMessage());
        assertEquals(List.of(), pauses, "not retried");
    }

    @Test
    void anUnknownDatabaseIsASettingToFix() {
        ConfigException e = assertThrows(ConfigException.class, () -> BotApplication.connect(
                new DatabaseSettings(Optional.of(server.jdbcUrl("нет_такой")), server.user(), server.password()), pauses::add));
        assertEquals("bot.database-url", e.key());
        assertEquals(List.of(), pauses);
    }

    @Test
    void aServerWithNoConnectionToSpareIsWaitedFor() throws Exception {
        // A role at its connection limit is refused with 53300, as a server at max_connections is.
        admin("CREATE ROLE crowded LOGIN PASSWORD 'crowded' CONNECTION LIMIT 0");
        admin("GRANT ALL ON SCHEMA public TO crowded");
        List<Duration> waited = new ArrayList<>();

        try (Database connected = BotApplication.connect(new DatabaseSettings(Optional.of(server.jdbcUrl(database)), "crowded", "crowded"),
                pause -> {
                    waited.add(pause);
                    if (waited.size() == 2) {
                        try {
                            admin("ALTER ROLE crowded CONNECTION LIMIT -1");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                })) {
            assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), waited);
            assertEquals(true, connected.reachable());
        }
    }

    @Test
    void aServerNotListeningYetIsWaitedForWithGrowingPauses() {
        List<Duration> waited = new ArrayList<>();
        assertThrows(InterruptedException.class, () -> BotApplication.connect(
                new DatabaseSettings(Optional.of("jdbc:postgresql://127.0.0.1:1/bot"), "bot", "bot"), pause -> {
                    waited.add(pause);
                    if (waited.size() == 3) {
                        throw new InterruptedException("stopping");
                    }
                }));
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), waited);
    }
}
