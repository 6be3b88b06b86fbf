package io.github.gigabot.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

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
                    + "CREATE INDEX history_conversation ON history (chat_id, thread_id, id)",
            // The finished answer of a message Telegram did not take yet, so it is resent, not asked again.
            "ALTER TABLE inbox ADD COLUMN answer TEXT",
            // The model chosen with /model; NULL means gigachat.model.
            "ALTER TABLE chat_settings ADD COLUMN model TEXT",
            // Tokens spent per UTC day, chat and user, for /usage and the daily limits.
            "CREATE TABLE token_usage (day TEXT NOT NULL, chat_id INTEGER NOT NULL, user_id INTEGER NOT NULL, "
                    + "prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, total_tokens INTEGER NOT NULL, "
                    + "PRIMARY KEY (day, chat_id, user_id)); "
                    + "CREATE INDEX token_usage_user ON token_usage (user_id, day); "
                    + "CREATE INDEX token_usage_chat ON token_usage (chat_id, day)",
            // GigaChat file ids of the photo or document a message carried, comma-separated, and their size.
            "ALTER TABLE history ADD COLUMN attachments TEXT; "
                    + "ALTER TABLE history ADD COLUMN attachment_bytes INTEGER NOT NULL DEFAULT 0");

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Connection connection;

    private Database(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens (creating if needed) the database in {@code dataDir} and migrates it. Conversations are
     * private: a folder it creates is for its owner only ({@code 0700}), and so are the database
     * files ({@code 0600}), whatever the process's umask.
     */
    public static Database open(Path dataDir) throws StorageException {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            createPrivately(dataDir, file);
        } catch (IOException e) {
            throw new StorageException("cannot create data directory " + dataDir + ": " + e, e);
        }
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                // In WAL mode NORMAL syncs at checkpoints, not at every commit: whatever was committed
                // survives the process being killed at any point. Only a power cut or an OS crash may
                // undo the last commits before the disk caught up (see the README's Performance section).
                statement.execute("PRAGMA synchronous=NORMAL");
                statement.execute("PRAGMA busy_timeout=5000");
            }
            Database database = new Database(connection);
            database.migrate();
            restrictToOwner(dataDir, file);
            return database;
        } catch (SQLException e) {
            throw new StorageException("cannot open database " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StorageException("cannot make " + file + " private: " + e, e);
        }
    }

    /**
     * Creates the folder and an empty database file with owner-only permissions. SQLite gives its
     * {@code -wal} and {@code -shm} files the database file's permissions, so they follow.
     */
    private static void createPrivately(Path dataDir, Path file) throws IOException {
        boolean posix = dataDir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dataDir)) {
            if (posix) {
                Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dataDir);
            }
        }
        if (posix && !Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
    }

    /** Database files made by an older version, or copied in, are made private too. */
    private static void restrictToOwner(Path dataDir, Path file) throws IOException {
        if (!dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return; // Windows: the folder's ACLs are the owner's business.
        }
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path part = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(part) && !Files.getPosixFilePermissions(part).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(part, OWNER_ONLY);
            }
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
                int next = i + 1;
                String migration = MIGRATIONS.get(i);
                inTransaction(connection, c -> {
                    for (String sql : migration.split(";")) {
                        statement.execute(sql);
                    }
                    statement.execute("PRAGMA user_version = " + next);
                    return null;
                });
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

    /** Runs {@code work} in one transaction: all of it is stored, or, if it fails, none. */
    public synchronized <T> T inTransaction(Work<T> work) throws StorageException {
        return withConnection(c -> inTransaction(c, work));
    }

    private static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
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
