package io.github.gigabot.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;

import io.github.gigabot.chat.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database file itself: where it lives, who may read it, its schema and transactions. */
class DatabaseTest {

    @TempDir
    Path dir;

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void conversationsArePrivateToTheOwner() throws Exception {
        Path data = dir.resolve("nested").resolve("data");
        try (Database database = Database.open(data)) {
            new InboxStore(database, java.time.Clock.systemUTC()).add(java.util.List.of(new InboxStore.Entry(1, 1, "x")));

            assertEquals("rwx------", mode(data), "the data folder");
            for (String name : new String[] {"bot.db", "bot.db-wal", "bot.db-shm"}) {
                Path file = data.resolve(name);
                assertTrue(Files.exists(file), name);
                assertEquals("rw-------", mode(file), name);
            }
        }
    }

    @Test
    void filesLeftReadableByAnOlderVersionAreMadePrivate() throws Exception {
        Database.open(dir).close();
        Files.setPosixFilePermissions(dir.resolve("bot.db"), PosixFilePermissions.fromString("rw-r--r--"));

        Database.open(dir).close();

        assertEquals("rw-------", mode(dir.resolve("bot.db")));
    }

    @Test
    void aTransactionIsAllOrNothing() throws Exception {
        try (Database database = Database.open(dir)) {
            assertThrows(StorageException.class, () -> database.inTransaction(c -> {
                c.createStatement().execute("INSERT INTO chat_settings (chat_id, temperature) VALUES (1, 0.5)");
                throw new SQLException("disk full");
            }));
            assertThrows(IllegalStateException.class, () -> database.inTransaction(c -> {
                c.createStatement().execute("INSERT INTO chat_settings (chat_id, temperature) VALUES (2, 0.5)");
                throw new IllegalStateException("bug");
            }));

            int rows = database.inTransaction(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM chat_settings")) {
                    return rs.next() ? rs.getInt(1) : -1;
                }
            });
            assertEquals(0, rows, "both were rolled back, and the connection is usable after");

            database.inTransaction(c -> c.createStatement().execute("INSERT INTO chat_settings (chat_id, temperature) VALUES (3, 1.0)"));
            database.withConnection(c -> c.createStatement().execute("INSERT INTO chat_settings (chat_id, temperature) VALUES (4, 1.0)"));
            try (Database other = Database.open(dir)) {
                int seen = other.withConnection(c -> {
                    try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM chat_settings")) {
                        return rs.next() ? rs.getInt(1) : -1;
                    }
                });
                assertEquals(2, seen, "committed, and work after a transaction is committed on its own again");
            }
        }
    }

    @Test
    void aNewerSchemaIsRefused() throws Exception {
        try (Database database = Database.open(dir)) {
            database.withConnection(c -> c.createStatement().execute("PRAGMA user_version = 999"));
        }

        StorageException e = assertThrows(StorageException.class, () -> Database.open(dir));
        assertTrue(e.getMessage().contains("newer than this bot knows"), e.getMessage());
    }

    @Test
    void writesAheadAndSyncsAtCheckpointsNotAtEveryCommit() throws Exception {
        try (Database database = Database.open(dir)) {
            assertEquals("wal", database.withConnection(c -> pragma(c, "journal_mode")));
            assertEquals("1", database.withConnection(c -> pragma(c, "synchronous")), "NORMAL");
        }
    }

    private static String pragma(java.sql.Connection connection, String name) throws java.sql.SQLException {
        try (java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet result = statement.executeQuery("PRAGMA " + name)) {
            result.next();
            return result.getString(1);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "jdbc:postgresql://127.0.0.1:1/bot?password=hunter2-пароль",
            "jdbc:postgresql://127.0.0.1:1/bot?user=bot&password=hunter2-пароль&ssl=false",
            "jdbc:postgresql://127.0.0.1:1/bot?PassWord=hunter2-пароль;sslpassword=hunter2-пароль#x"})
    void aPasswordInTheDatabaseUrlNeverReachesAnErrorMessage(String url) {
        StorageException e = org.junit.jupiter.api.Assertions.assertThrows(StorageException.class,
                () -> Database.connect(url, "", ""));

        String said = e.getMessage() + (e.getCause() == null ? "" : e.getCause().toString());
        org.junit.jupiter.api.Assertions.assertFalse(said.contains("hunter2"), said);
        assertTrue(said.contains("127.0.0.1:1/bot"), "the server is still named: " + said);
    }

    @Test
    void aDatabaseOfTheReleaseBeforeSeveralInstancesIsUpgradedWithItsData() throws Exception {
        try (Database database = Database.open(dir)) {
            new InboxStore(database, java.time.Clock.systemUTC()).add(java.util.List.of(new InboxStore.Entry(1, 10, "вопрос 👋")));
            // Back to the schema of version 7: before chat leases and shared question times.
            database.withConnection(c -> {
                try (java.sql.Statement statement = c.createStatement()) {
                    statement.execute("DROP TABLE question_times");
                    statement.execute("DROP TABLE chat_leases");
                    statement.execute("DROP INDEX inbox_pending_chat");
                    statement.execute("ALTER TABLE inbox DROP COLUMN claimed_by");
                    statement.execute("PRAGMA user_version = 7");
                }
                return null;
            });
        }

        try (Database database = Database.open(dir)) {
            assertEquals(Migrations.STEPS.size(), (int) database.withConnection(c -> new UserVersion().read(c)));
            assertEquals(java.util.List.of(new InboxStore.Entry(1, 10, "вопрос 👋")),
                    new InboxStore(database, java.time.Clock.systemUTC()).pending(Long.MIN_VALUE, 10));
            new QuestionTimesStore(database).apply(5, 1, times -> 0);
        }
    }

    @Test
    void instancesStartingTogetherMigrateOnePostgresDatabaseOnce() throws Exception {
        io.github.gigabot.fakes.PostgresServer server = io.github.gigabot.fakes.PostgresServer.shared();
        String url = server.jdbcUrl(server.createDatabase());
        java.util.concurrent.ExecutorService starts = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.List<java.util.concurrent.Future<Database>> started = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            started.add(starts.submit(() -> Database.connect(url, server.user(), server.password())));
        }
        java.util.List<Database> databases = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<Database> database : started) {
            databases.add(database.get());
        }
        starts.shutdown();
        try {
            assertEquals(java.util.List.of((long) Migrations.STEPS.size()), databases.get(0).withConnection(c -> {
                java.util.List<Long> versions = new java.util.ArrayList<>();
                try (java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT version FROM schema_version")) {
                    while (rs.next()) {
                        versions.add(rs.getLong(1));
                    }
                }
                return versions;
            }), "one row, at the last step");
        } finally {
            for (Database database : databases) {
                database.close();
            }
        }
    }
}
