package io.github.gigabot.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL counts migration steps in a one-row table. Reading it takes a transaction-scoped
 * advisory lock first, so instances starting together migrate one after another, not at once.
 */
final class VersionTable implements Migrations.Version {

    /** An arbitrary key of this bot's own among the database's advisory locks ("GigaMigr"). */
    private static final long MIGRATION_LOCK = 0x476967614d696772L;

    @Override
    public int read(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            try (ResultSet rs = statement.executeQuery("SELECT version FROM schema_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    @Override
    public void write(Connection connection, int version) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM schema_version");
            statement.execute("INSERT INTO schema_version (version) VALUES (" + version + ")");
        }
    }
}
