package io.github.gigabot.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.gigabot.chat.StorageException;

/**
 * The durable inbox: every accepted update is written here before Telegram is told it arrived, and
 * stays until it has been answered. An update id is stored once, so a redelivered update is never
 * answered twice while its row exists. Payloads and answers are opaque text; the inbox package
 * knows their format.
 */
public final class InboxStore {

    /**
     * One stored update.
     *
     * @param answer the finished answer still to be delivered, or null when none was made yet
     */
    public record Entry(long updateId, long chatId, String payload, int attempts, String answer) {

        /** A new entry: no attempt made, no answer yet. */
        public Entry(long updateId, long chatId, String payload) {
            this(updateId, chatId, payload, 0, null);
        }
    }

    private final Database database;
    private final Clock clock;

    public InboxStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Stores a batch in one transaction and returns the entries that were new (those already stored,
     * answered or not, are left alone).
     */
    public List<Entry> add(List<Entry> batch) throws StorageException {
        long now = clock.millis();
        return database.inTransaction(connection -> {
            List<Entry> added = new ArrayList<>();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO inbox (update_id, chat_id, payload, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (update_id) DO NOTHING")) {
                for (Entry entry : batch) {
                    insert.setLong(1, entry.updateId());
                    insert.setLong(2, entry.chatId());
                    insert.setString(3, entry.payload());
                    insert.setLong(4, now);
                    if (insert.executeUpdate() == 1) {
                        added.add(entry);
                    }
                }
                return added;
            }
        });
    }

    /**
     * Up to {@code limit} entries not yet answered (and not parked) with an update id above
     * {@code afterUpdateId}, oldest first: the inbox is read a page at a time, however much it holds.
     */
    public List<Entry> pending(long afterUpdateId, int limit) throws StorageException {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT update_id, chat_id, payload, attempts, answer FROM inbox "
                            + "WHERE state = 'pending' AND update_id > ? ORDER BY update_id LIMIT ?")) {
                select.setLong(1, afterUpdateId);
                select.setInt(2, limit);
                return entries(select);
            }
        });
    }

    /** Reads {@code update_id, chat_id, payload, attempts, answer} rows. */
    static List<Entry> entries(PreparedStatement query) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                entries.add(new Entry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getString(5)));
            }
        }
        return entries;
    }

    /** Entries not yet answered nor parked, over all chats: the inbox's depth. */
    public long pendingCount() throws StorageException {
        return database.withConnection(connection -> {
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM inbox WHERE state = 'pending'");
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Keeps the entry's finished answer (what is left of it to deliver) until it is delivered. */
    public void saveAnswer(long updateId, String answer) throws StorageException {
        database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE inbox SET answer = ? WHERE update_id = ?")) {
                update.setString(1, answer);
                update.setLong(2, updateId);
                return update.executeUpdate();
            }
        });
    }

    /** The entry was answered. */
    public void markDone(long updateId) throws StorageException {
        finish(updateId, "done");
    }

    /** The entry failed every attempt; it is kept for inspection but never tried again. */
    public void park(long updateId) throws StorageException {
        finish(updateId, "parked");
    }

    /** Counts one more failed attempt and returns the total. */
    public int recordFailure(long updateId) throws StorageException {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE inbox SET attempts = attempts + 1 WHERE update_id = ? RETURNING attempts")) {
                update.setLong(1, updateId);
                try (ResultSet rs = update.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    /** Forgets answered entries older than {@code age}; parked ones stay for the owner to look at. */
    public int purgeDone(Duration age) throws StorageException {
        long before = clock.millis() - age.toMillis();
        return database.withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM inbox WHERE state = 'done' AND finished_at < ?")) {
                delete.setLong(1, before);
                return delete.executeUpdate();
            }
        });
    }

    /** Ends the entry; a delivered answer need not be kept. */
    private void finish(long updateId, String state) throws StorageException {
        long now = clock.millis();
        database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE inbox SET state = ?, finished_at = ?, answer = NULL WHERE update_id = ?")) {
                update.setString(1, state);
                update.setLong(2, now);
                update.setLong(3, updateId);
                return update.executeUpdate();
            }
        });
    }
}
