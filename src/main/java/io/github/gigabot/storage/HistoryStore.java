package io.github.gigabot.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.github.gigabot.chat.History;
import io.github.gigabot.chat.StorageException;

/**
 * {@link History} in the database: one row per message, the files it came with as a comma-separated
 * list of GigaChat ids.
 */
public final class HistoryStore implements History {

    /** Outside forum topics a conversation is the whole chat. */
    private static final int NO_THREAD = 0;

    private final Database database;

    public HistoryStore(Database database) {
        this.database = database;
    }

    @Override
    public List<Turn> recent(long chatId, Integer threadId, int limit) throws StorageException {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT role, content, attachments, attachment_bytes FROM history WHERE chat_id = ? AND thread_id = ? ORDER BY id DESC LIMIT ?")) {
                select.setLong(1, chatId);
                select.setInt(2, thread(threadId));
                select.setInt(3, limit);
                List<Turn> turns = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        turns.add(new Turn(rs.getString(1), rs.getString(2), files(rs.getString(3)), rs.getLong(4)));
                    }
                }
                Collections.reverse(turns);
                return turns;
            }
        });
    }

    @Override
    public Forgotten append(long chatId, Integer threadId, List<Turn> turns, int keep) throws StorageException {
        return database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO history (chat_id, thread_id, role, content, attachments, attachment_bytes) VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement trim = connection.prepareStatement(
                         "DELETE FROM history WHERE chat_id = ? AND thread_id = ? AND id NOT IN "
                                 + "(SELECT id FROM history WHERE chat_id = ? AND thread_id = ? ORDER BY id DESC LIMIT ?) "
                                 + "RETURNING attachments")) {
                for (Turn turn : turns) {
                    insert.setLong(1, chatId);
                    insert.setInt(2, thread(threadId));
                    insert.setString(3, turn.role());
                    insert.setString(4, turn.content());
                    insert.setString(5, turn.attachments().isEmpty() ? null : String.join(",", turn.attachments()));
                    insert.setLong(6, turn.attachmentBytes());
                    insert.executeUpdate();
                }
                trim.setLong(1, chatId);
                trim.setInt(2, thread(threadId));
                trim.setLong(3, chatId);
                trim.setInt(4, thread(threadId));
                trim.setInt(5, keep);
                return forgotten(trim);
            }
        });
    }

    @Override
    public Forgotten clear(long chatId, Integer threadId) throws StorageException {
        return database.withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM history WHERE chat_id = ? AND thread_id = ? RETURNING attachments")) {
                delete.setLong(1, chatId);
                delete.setInt(2, thread(threadId));
                return forgotten(delete);
            }
        });
    }

    /** Runs a {@code DELETE ... RETURNING attachments}: each file belongs to the one message it came with. */
    private static Forgotten forgotten(PreparedStatement delete) throws SQLException {
        int messages = 0;
        List<String> files = new ArrayList<>();
        try (ResultSet rs = delete.executeQuery()) {
            while (rs.next()) {
                messages++;
                files.addAll(files(rs.getString(1)));
            }
        }
        return new Forgotten(messages, files);
    }

    private static List<String> files(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : List.of(stored.split(","));
    }

    private static int thread(Integer threadId) {
        return threadId == null ? NO_THREAD : threadId;
    }
}
