package io.github.gigabot.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The embedded SQLite database under {@code bot.data-dir}: opens it, brings its schema up to date and
 * hands out its single connection. SQLite serialises writers anyway, so one connection guarded by
 * this object's lock is both simplest and fastest for a bot's load.
 */
public final class Database implements AutoCloseable {

    /** File name inside the data directory. */
    public static final String FILE_NAME = "bot.db";

    /**
     * Schema migrations, applied in order; the database's {@code user_version} counts how many
     * already ran. Append only: never edit a migration that has shipped.
     */
    private static final List<String> MIGRATIONS = List.of(
            "CREATE TABLE chat_settings (chat_id INTEGER PRIMARY KEY, temperature REAL)",
            "CREATE TABLE inbox (update_id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, payload TEXT NOT NULL, "
                    + "state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, "
                    + "received_at INTEGER NOT NULL, finished_at INTEGER); "
                    + "CREATE INDEX inbox_state ON inbox (state, update_id)",
            "CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id INTEGER NOT NULL, "
                    + "thread_id INTEGER NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL); "
                    + "CREATE INDEX history_conversation ON history (chat_id, thread_id, id)");

    private final Connection connection;

    private Database(Connection connection) {
        this.connection = connection;
    }

    /** Opens (creating if needed) the database in {@code dataDir} and migrates it. */
    public static Database open(Path dataDir) throws StorageException {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StorageException("cannot create data directory " + dataDir + ": " + e, e);
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA busy_timeout=5000");
            }
            Database database = new Database(connection);
            database.migrate();
            return database;
        } catch (SQLException e) {
            throw new StorageException("cannot open database " + file + ": " + e.getMessage(), e);
        }
    }

    private void migrate() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int version;
            try (var rs = statement.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > MIGRATIONS.size()) {
                throw new SQLException("database schema version " + version
                        + " is newer than this bot knows (" + MIGRATIONS.size() + "): downgrade is not supported");
            }
            for (int i = version; i < MIGRATIONS.size(); i++) {
                connection.setAutoCommit(false);
                try {
                    for (String sql : MIGRATIONS.get(i).split(";")) {
                        statement.execute(sql);
                    }
                    statement.execute("PRAGMA user_version = " + (i + 1));
                    connection.commit();
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            }
        }
    }

    /** Work done with the connection; runs under the database's lock. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} with exclusive use of the connection. */
    public synchronized <T> T withConnection(Work<T> work) throws StorageException {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("database error: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws StorageException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StorageException("cannot close database: " + e.getMessage(), e);
        }
    }
}
