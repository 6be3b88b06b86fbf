package io.github.gigabot.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.github.gigabot.chat.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL session-level advisory lock on a connection of its own. The server frees it when that
 * connection ends, so an instance that dies (even by SIGKILL) gives it up as soon as the server sees
 * its socket close. An instance whose machine is lost closes nothing; the server is asked to probe
 * this connection often (TCP keepalive, and a limit on unacknowledged data), so it ends the session
 * within about {@link #DEAD_PEER_SECONDS} seconds rather than after the system's two hours. Used
 * from one thread.
 */
public final class AdvisoryLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdvisoryLock.class);

    /** Opens the lock's own connection. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private static final int VALIDATION_SECONDS = 2;
    /** About how long the server takes to notice that the machine holding the lock is gone. */
    static final int DEAD_PEER_SECONDS = 6;
    /** Idle 3 s, then 3 probes 1 s apart; data unacknowledged for 5 s. Servers before 12 lack the last, and skip it. */
    static final List<String> PROBING = List.of("SET tcp_keepalives_idle = 3", "SET tcp_keepalives_interval = 1",
            "SET tcp_keepalives_count = 3", "SET tcp_user_timeout = 5000");

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
                    // Only the holder's session matters, and it is set up once.
                    probeOften(connection);
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

    private static void probeOften(Connection connection) {
        for (String setting : PROBING) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(setting);
            } catch (SQLException e) {
                // An older server without the setting: the others still shorten the wait.
                log.warn("PostgreSQL refused '{}' on the polling lock's connection; a lost machine's role moves on later: {}",
                        setting, e.getMessage());
            }
        }
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
