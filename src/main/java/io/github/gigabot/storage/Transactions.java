package io.github.gigabot.storage;

import java.sql.Connection;
import java.sql.SQLException;

/** One transaction on a connection, whichever database it belongs to. */
final class Transactions {

    private Transactions() {
    }

    /** Runs {@code work} and commits it, or rolls all of it back if it fails. */
    static <T> T run(Connection connection, Database.Work<T> work) throws SQLException {
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
}
