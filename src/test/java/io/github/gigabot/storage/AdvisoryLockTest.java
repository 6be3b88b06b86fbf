package io.github.gigabot.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.github.gigabot.chat.StorageException;
import io.github.gigabot.fakes.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The polling role's lock on a real PostgreSQL server. */
class AdvisoryLockTest {

    private static final long KEY = 0x6769_6761_626F_7401L;

    private PostgresServer server;
    private String database;
    private final List<Connection> opened = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        server = PostgresServer.shared();
        database = server.createDatabase();
    }

    private AdvisoryLock lock() {
        return new AdvisoryLock(() -> {
            Connection connection = DriverManager.getConnection(server.jdbcUrl(database), server.user(), server.password());
            opened.add(connection);
            return connection;
        }, KEY);
    }

    private static String show(Connection connection, String setting) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void oneHolderAtATimeAndReleasingHandsItOn() throws Exception {
        try (AdvisoryLock a = lock(); AdvisoryLock b = lock()) {
            assertTrue(a.tryAcquire());
            assertTrue(a.tryAcquire(), "held already");
            assertFalse(b.tryAcquire());
            assertFalse(b.held());
            assertTrue(a.held());

            a.release();

            assertFalse(a.held());
            assertTrue(b.tryAcquire());
            assertFalse(a.tryAcquire());
        }
    }

    @Test
    void theServerIsAskedToNoticeALostMachineWithinSeconds() throws Exception {
        try (AdvisoryLock a = lock()) {
            assertTrue(a.tryAcquire());
            Connection connection = opened.get(0);
            assertEquals("3", show(connection, "tcp_keepalives_idle"));
            assertEquals("1", show(connection, "tcp_keepalives_interval"));
            assertEquals("3", show(connection, "tcp_keepalives_count"));
            assertEquals("5000", show(connection, "tcp_user_timeout"), "milliseconds");
        }
    }

    @Test
    void aSessionTheServerEndedNoLongerHoldsTheLockAndAnotherTakesIt() throws Exception {
        try (AdvisoryLock a = lock(); AdvisoryLock b = lock()) {
            assertTrue(a.tryAcquire());
            try (Connection admin = DriverManager.getConnection(server.jdbcUrl(database), server.user(), server.password());
                 Statement statement = admin.createStatement()) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'");
            }

            assertFalse(a.held(), "its session is gone, and the lock with it");
            assertTrue(b.tryAcquire());
        }
    }

    @Test
    void aServerThatCannotBeReachedIsAStorageFailureNotAHeldLock() {
        AdvisoryLock unreachable = new AdvisoryLock(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:1/x", "u", "p"), KEY);
        assertThrows(StorageException.class, unreachable::tryAcquire);
        assertFalse(unreachable.held());
    }
}
