package io.github.gigabot.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema's one history, for SQLite and PostgreSQL alike: the same steps in the same order, each
 * written in both dialects where they differ (64-bit ids, doubles, auto-numbered keys). Append
 * only: never edit a step that has shipped. A hand-written runner rather than a library: a dozen
 * lines, nothing on the start-up path to scan the class path, and databases made by earlier
 * versions (which counted steps in SQLite's {@code user_version}) carry on as they are.
 */
final class Migrations {

    /** One step, in each dialect; statements are separated by semicolons. */
    record Step(String sqlite, String postgresql) {

        /** A step both dialects write the same way. */
        static Step both(String sql) {
            return new Step(sql, sql);
        }

        String in(Dialect dialect) {
            return dialect == Dialect.SQLITE ? sqlite : postgresql;
        }
    }

    /** Where a database records how many steps it has had. */
    interface Version {
        int read(Connection connection) throws SQLException;

        void write(Connection connection, int version) throws SQLException;
    }

    static final List<Step> STEPS = List.of(
            new Step("CREATE TABLE chat_settings (chat_id INTEGER PRIMARY KEY, temperature REAL)",
                    "CREATE TABLE chat_settings (chat_id BIGINT PRIMARY KEY, temperature DOUBLE PRECISION)"),
            new Step("CREATE TABLE inbox (update_id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, payload TEXT NOT NULL, "
                    + "state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, "
                    + "received_at INTEGER NOT NULL, finished_at INTEGER); "
                    + "CREATE INDEX inbox_state ON inbox (state, update_id)",
                    "CREATE TABLE inbox (update_id BIGINT PRIMARY KEY, chat_id BIGINT NOT NULL, payload TEXT NOT NULL, "
                            + "state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, "
                            + "received_at BIGINT NOT NULL, finished_at BIGINT); "
                            + "CREATE INDEX inbox_state ON inbox (state, update_id)"),
            new Step("CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id INTEGER NOT NULL, "
                    + "thread_id INTEGER NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL); "
                    + "CREATE INDEX history_conversation ON history (chat_id, thread_id, id)",
                    "CREATE TABLE history (id BIGSERIAL PRIMARY KEY, chat_id BIGINT NOT NULL, "
                            + "thread_id INTEGER NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL); "
                            + "CREATE INDEX history_conversation ON history (chat_id, thread_id, id)"),
            // The finished answer of a message Telegram did not take yet, so it is resent, not asked again.
            Step.both("ALTER TABLE inbox ADD COLUMN answer TEXT"),
            // The model chosen with /model; NULL means gigachat.model.
            Step.both("ALTER TABLE chat_settings ADD COLUMN model TEXT"),
            // Tokens spent per UTC day, chat and user, for /usage and the daily limits.
            new Step("CREATE TABLE token_usage (day TEXT NOT NULL, chat_id INTEGER NOT NULL, user_id INTEGER NOT NULL, "
                    + "prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, total_tokens INTEGER NOT NULL, "
                    + "PRIMARY KEY (day, chat_id, user_id)); "
                    + "CREATE INDEX token_usage_user ON token_usage (user_id, day); "
                    + "CREATE INDEX token_usage_chat ON token_usage (chat_id, day)",
                    "CREATE TABLE token_usage (day TEXT NOT NULL, chat_id BIGINT NOT NULL, user_id BIGINT NOT NULL, "
                            + "prompt_tokens BIGINT NOT NULL, completion_tokens BIGINT NOT NULL, total_tokens BIGINT NOT NULL, "
                            + "PRIMARY KEY (day, chat_id, user_id)); "
                            + "CREATE INDEX token_usage_user ON token_usage (user_id, day); "
                            + "CREATE INDEX token_usage_chat ON token_usage (chat_id, day)"),
            // GigaChat file ids of the photo or document a message carried, comma-separated, and their size.
            new Step("ALTER TABLE history ADD COLUMN attachments TEXT; "
                    + "ALTER TABLE history ADD COLUMN attachment_bytes INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE history ADD COLUMN attachments TEXT; "
                            + "ALTER TABLE history ADD COLUMN attachment_bytes BIGINT NOT NULL DEFAULT 0"),
            // Several instances on one database: which instance answers a chat, until when, and which
            // instance took each pending message into its queue.
            new Step("CREATE TABLE chat_leases (chat_id INTEGER PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL); "
                    + "ALTER TABLE inbox ADD COLUMN claimed_by TEXT; "
                    + "CREATE INDEX inbox_pending_chat ON inbox (chat_id, update_id) WHERE state = 'pending'",
                    "CREATE TABLE chat_leases (chat_id BIGINT PRIMARY KEY, owner TEXT NOT NULL, expires_at BIGINT NOT NULL); "
                            + "ALTER TABLE inbox ADD COLUMN claimed_by TEXT; "
                            + "CREATE INDEX inbox_pending_chat ON inbox (chat_id, update_id) WHERE state = 'pending'"),
            // When each user asked their last questions, so instances sharing a database share bot.rate-limit;
            // and the leases of one instance found without reading every chat's.
            new Step("CREATE TABLE question_times (user_id INTEGER PRIMARY KEY, asked TEXT NOT NULL, last_at INTEGER NOT NULL); "
                    + "CREATE INDEX chat_leases_owner ON chat_leases (owner)",
                    "CREATE TABLE question_times (user_id BIGINT PRIMARY KEY, asked TEXT NOT NULL, last_at BIGINT NOT NULL); "
                            + "CREATE INDEX chat_leases_owner ON chat_leases (owner)"));

    private Migrations() {
    }

    /**
     * Brings the schema up to date, each step in its own transaction together with the new version,
     * so a crash between steps leaves a schema some version describes exactly. Each transaction reads
     * the version afresh (under the version's lock, where there is one), so an instance that waited
     * for another one's migration carries on from where that one stopped.
     */
    static void apply(Connection connection, Dialect dialect, Version version) throws SQLException {
        while (Transactions.run(connection, c -> applyNext(c, dialect, version))) {
            // One step per transaction until none is left.
        }
    }

    /** Applies the first missing step; false when none is missing. */
    private static boolean applyNext(Connection connection, Dialect dialect, Version version) throws SQLException {
        int current = version.read(connection);
        if (current > STEPS.size()) {
            throw new SQLException("database schema version " + current
                    + " is newer than this bot knows (" + STEPS.size() + "): downgrade is not supported");
        }
        if (current == STEPS.size()) {
            return false;
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : STEPS.get(current).in(dialect).split(";")) {
                statement.execute(sql);
            }
        }
        version.write(connection, current + 1);
        return true;
    }
}
