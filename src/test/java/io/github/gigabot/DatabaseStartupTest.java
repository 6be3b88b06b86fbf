package io.github.gigabot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.github.gigabot.time.Sleeper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Connecting to PostgreSQL at start-up: what is a setting to fix, and what is waited out. */
class DatabaseStartupTest {

    private PostgresServer server;
    private String database;
    /** For refusals that must not be retried: a retry fails the test instead of looping for good. */
    private final Sleeper noRetry = pause -> {
        throw new AssertionError("retried after " + pause);
    };

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
                new DatabaseSettings(Optional.of(server.jdbcUrl(database)), server.user(), "не-тот-пароль 🙂"), noRetry));
        assertEquals("bot.database-password", e.key());
        assertFalse(e.getMessage().contains("не-тот-пароль"), e.getMessage());
    }

    @Test
    void anUnknownDatabaseIsASettingToFix() {
        ConfigException e = assertThrows(ConfigException.class, () -> BotApplication.connect(
                new DatabaseSettings(Optional.of(server.jdbcUrl("нет_такой")), server.user(), server.password()), noRetry));
        assertEquals("bot.database-url", e.key());
    }

    @Test
    void aServerWithNoConnectionToSpareIsWaitedFor() throws Exception {
        // A role at its connection limit is refused with 53300, as a server at max_connections is.
        String crowded = "crowded_" + database; // roles are server-wide: one per test database
        admin("CREATE ROLE " + crowded + " LOGIN PASSWORD 'crowded' CONNECTION LIMIT 0");
        admin("GRANT ALL ON SCHEMA public TO " + crowded);
        List<Duration> waited = new ArrayList<>();

        try (Database connected = BotApplication.connect(new DatabaseSettings(Optional.of(server.jdbcUrl(database)), crowded, "crowded"),
                pause -> {
                    waited.add(pause);
                    if (waited.size() == 2) {
                        try {
                            admin("ALTER ROLE " + crowded + " CONNECTION LIMIT -1");
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
                    if (waited.size() == 7) {
                        throw new InterruptedException("stopping");
                    }
                }));
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L), waited.stream().map(Duration::toSeconds).toList(),
                "doubling up to 30 s");
    }

    @Test
    void anyOtherRefusalIsReportedNotWaitedFor() throws Exception {
        // A role without the CONNECT privilege is refused with 42501: nothing that passes by itself.
        String shutOut = "shut_out_" + database;
        admin("CREATE ROLE " + shutOut + " LOGIN PASSWORD 'shut_out'");
        admin("REVOKE CONNECT ON DATABASE " + database + " FROM PUBLIC");
        ConfigException e = assertThrows(ConfigException.class, () -> BotApplication.connect(
                new DatabaseSettings(Optional.of(server.jdbcUrl(database)), shutOut, "shut_out"), noRetry));
        assertEquals("bot.database-url", e.key());
        assertTrue(e.getMessage().contains("the database cannot be used"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "08001", "08006", "08P01", "57P01", "57P02", "57P03", "53300", "40001", "40P01"})
    void refusalsThatPassByThemselvesAreWaitedOut(String sqlState) {
        assertTrue(BotApplication.passing(sqlState), sqlState);
    }

    @ParameterizedTest
    @ValueSource(strings = {"53100", "53200", "42501", "42P01", "57014", "XX000", "40003", "28P01", "3D000", "5", "80001"})
    void otherRefusalsDoNotPass(String sqlState) {
        assertFalse(BotApplication.passing(sqlState), sqlState);
    }
}
