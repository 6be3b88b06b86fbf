package io.github.gigabot.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL session-level advisory lock on a connection of its own. The server frees it when that
 * connection ends, so an instance that dies (even by SIGKILL) gives it up as soon as the server sees
 * its socket close. Used from one thread.
 */
public final class AdvisoryLock implements AutoCloseable {

    /** Opens the lock's own connection. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private static final int VALIDATION_SECONDS = 2;

    private final Connector connector;
    private final long key;
    private Connection connection;

    AdvisoryLock(Connector connector, long key) {
        this.connector = connector;
        this.key = key;
    }

    /** Takes the lock if no other session holds it; true when this one now holds it. */
    public boolean tryAcquire() throws StorageException {
        if (held()) {
            return true;
        }
        release();
        try {
            connection = connector.connect();
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT pg_try_advisory_lock(" + key + ")")) {
                if (rs.next() && rs.getBoolean(1)) {
                    return true;
                }
            }
        } catch (SQLException e) {
            release();
            throw new StorageException("cannot take the lock: " + e.getMessage(), e);
        }
        release();
        return false;
    }

    /**
     * True while the connection that took the lock still answers. A connection that broke took the
     * lock with it: the server may already have given it to another instance.
     */
    public boolean held() {
        try {
            return connection != null && connection.isValid(VALIDATION_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Gives the lock up by ending its session. */
    public void release() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closed or broken: either way the session and its lock are gone.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        release();
    }
}
