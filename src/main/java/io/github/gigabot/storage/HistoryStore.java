package io.github.gigabot.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The recent messages of each conversation (a chat, or one forum topic of it), kept across restarts
 * so that "and in English?" still means something after a deploy.
 */
public final class HistoryStore {

    /**
     * One remembered message.
     *
     * @param role    {@code user} or {@code assistant}
     * @param content what was said
     */
    public record Turn(String role, String content) {
    }

    /** Outside forum topics a conversation is the whole chat. */
    private static final int NO_THREAD = 0;

    private final Database database;

    public HistoryStore(Database database) {
        this.database = database;
    }

    /** The conversation's last {@code limit} messages, oldest first. */
    public List<Turn> recent(long chatId, Integer threadId, int limit) throws StorageException {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT role, content FROM history WHERE chat_id = ? AND thread_id = ? ORDER BY id DESC LIMIT ?")) {
                select.setLong(1, chatId);
                select.setInt(2, thread(threadId));
                select.setInt(3, limit);
                List<Turn> turns = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        turns.add(new Turn(rs.getString(1), rs.getString(2)));
                    }
                }
                Collections.reverse(turns);
                return turns;
            }
        });
    }

    /**
     * Appends a question and its answer together, then forgets all but the last {@code keep}
     * messages of the conversation.
     */
    public void append(long chatId, Integer threadId, List<Turn> turns, int keep) throws StorageException {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO history (chat_id, thread_id, role, content) VALUES (?, ?, ?, ?)");
                 PreparedStatement trim = connection.prepareStatement(
                         "DELETE FROM history WHERE chat_id = ? AND thread_id = ? AND id NOT IN "
                                 + "(SELECT id FROM history WHERE chat_id = ? AND thread_id = ? ORDER BY id DESC LIMIT ?)")) {
                for (Turn turn : turns) {
                    insert.setLong(1, chatId);
                    insert.setInt(2, thread(threadId));
                    insert.setString(3, turn.role());
                    insert.setString(4, turn.content());
                    insert.executeUpdate();
                }
                trim.setLong(1, chatId);
                trim.setInt(2, thread(threadId));
                trim.setLong(3, chatId);
                trim.setInt(4, thread(threadId));
                trim.setInt(5, keep);
                trim.executeUpdate();
                return null;
            }
        });
    }

    /** Forgets the conversation. */
    public int clear(long chatId, Integer threadId) throws StorageException {
        return database.withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM history WHERE chat_id = ? AND thread_id = ?")) {
                delete.setLong(1, chatId);
                delete.setInt(2, thread(threadId));
                return delete.executeUpdate();
            }
        });
    }

    private static int thread(Integer threadId) {
        return threadId == null ? NO_THREAD : threadId;
    }
}
