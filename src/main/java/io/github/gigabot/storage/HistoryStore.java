package io.github.gigabot.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
     * @param role        {@code user} or {@code assistant}
     * @param content     what was said
     * @param attachments     ids of the files in GigaChat's storage that came with it; usually none
     * @param attachmentBytes their size together
     */
    public record Turn(String role, String content, List<String> attachments, long attachmentBytes) {

        /** A message without files. */
        public Turn(String role, String content) {
            this(role, content, List.of(), 0);
        }

        public Turn {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
        }
    }

    /**
     * What was forgotten.
     *
     * @param messages how many messages
     * @param files    the ids of the files that came with them, no longer part of any conversation
     */
    public record Forgotten(int messages, List<String> files) {
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

    /**
     * Appends a question and its answer together, then forgets all but the last {@code keep}
     * messages of the conversation.
     *
     * @return what was forgotten to make room
     */
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

    /** Forgets the conversation. */
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
        return new Forgotten(messages, List.copyOf(files));
    }

    private static List<String> files(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : List.of(stored.split(","));
    }

    private static int thread(Integer threadId) {
        return threadId == null ? NO_THREAD : threadId;
    }
}
