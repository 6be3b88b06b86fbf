package io.github.gigabot.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import io.github.gigabot.chat.StorageException;

/**
 * Where the bot keeps what must outlive a restart: the SQLite file under {@code bot.data-dir} for one
 * machine, or a shared PostgreSQL database for several instances. The stores speak SQL both
 * understand; the few places where the two differ ask {@link #dialect()}.
 */
public interface Database extends AutoCloseable {

    /** File name of the SQLite database inside the data directory. */
    String FILE_NAME = "bot.db";

    /** Work done with a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Opens (creating if needed) the SQLite database in {@code dataDir} and migrates it. */
    static Database open(Path dataDir) throws StorageException {
        return SqliteDatabase.open(dataDir);
    }

    /**
     * Connects a pool to the PostgreSQL database at {@code url} ({@code jdbc:postgresql://host:port/name})
     * and migrates it; an empty user or password leaves it to the driver's defaults.
     */
    static Database connect(String url, String user, String password) throws StorageException {
        return PostgresDatabase.connect(url, user, password);
    }

    /** Which SQL this database speaks. */
    Dialect dialect();

    /**
     * Runs {@code work} with a connection no other caller uses meanwhile (its own from a pool, or
     * the one shared connection held exclusively), each statement committed as it runs.
     */
    <T> T withConnection(Work<T> work) throws StorageException;

    /** Runs {@code work} in one transaction: all of it is stored, or, if it fails, none. */
    default <T> T inTransaction(Work<T> work) throws StorageException {
        return withConnection(connection -> Transactions.run(connection, work));
    }

    /** True when the database answers a trivial query now: what readiness reports. */
    default boolean reachable() {
        try {
            return withConnection(connection -> connection.isValid(2));
        } catch (StorageException e) {
            return false;
        }
    }

    /**
     * A lock that at most one instance holds at a time, for a role only one may play (polling
     * Telegram). Empty for SQLite, whose file belongs to one process: that process plays every role.
     */
    default Optional<AdvisoryLock> advisoryLock(long key) {
        return Optional.empty();
    }

    @Override
    void close() throws StorageException;
}
