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

import io.github.gigabot.chat.StorageException;

/**
 * The embedded SQLite database under {@code bot.data-dir}: opens it, brings its schema up to date and
 * hands out its single connection. SQLite serialises writers anyway, so one connection guarded by
 * this object's lock is both simplest and fastest for a bot's load.
 */
final class SqliteDatabase implements Database {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Connection connection;

    private SqliteDatabase(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens (creating if needed) the database in {@code dataDir} and migrates it. Conversations are
     * private: a folder it creates is for its owner only ({@code 0700}), and so are the database
     * files ({@code 0600}), whatever the process's umask.
     */
    static Database open(Path dataDir) throws StorageException {
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
            SqliteDatabase database = new SqliteDatabase(connection);
            Migrations.apply(connection, Dialect.SQLITE, new UserVersion());
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

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    /** Synchronized: one connection for all threads, so a transaction run through it must hold it alone. */
    @Override
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
