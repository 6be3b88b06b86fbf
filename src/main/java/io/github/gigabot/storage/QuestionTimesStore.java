package io.github.gigabot.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Collectors;

import io.github.gigabot.chat.QuestionTimes;
import io.github.gigabot.chat.StorageException;

/**
 * {@link QuestionTimes} in the database, as {@code at:update} pairs in one row per user. A user's
 * questions are read and written under a lock on the user's row, so two instances deciding on the
 * same user at once take turns.
 */
public final class QuestionTimesStore implements QuestionTimes {

    private final Database database;

    public QuestionTimesStore(Database database) {
        this.database = database;
    }

    @Override
    public long apply(long userId, long nowMillis, Rule rule) throws StorageException {
        return database.inTransaction(connection -> {
            // One statement makes the row if need be and, on PostgreSQL, locks it until the commit.
            try (PreparedStatement read = connection.prepareStatement(
                    "INSERT INTO question_times (user_id, asked, last_at) VALUES (?, '', ?) "
                            + "ON CONFLICT (user_id) DO UPDATE SET last_at = excluded.last_at RETURNING asked");
                 PreparedStatement write = connection.prepareStatement("UPDATE question_times SET asked = ? WHERE user_id = ?")) {
                read.setLong(1, userId);
                read.setLong(2, nowMillis);
                Deque<Asked> asked = new ArrayDeque<>();
                try (ResultSet row = read.executeQuery()) {
                    row.next();
                    for (String question : row.getString(1).split(",")) {
                        if (!question.isEmpty()) {
                            int colon = question.indexOf(':');
                            asked.addLast(new Asked(Long.parseLong(question.substring(0, colon)), Long.parseLong(question.substring(colon + 1))));
                        }
                    }
                }
                long decided = rule.decide(asked);
                write.setString(1, asked.stream().map(a -> a.atMillis() + ":" + a.updateId()).collect(Collectors.joining(",")));
                write.setLong(2, userId);
                write.executeUpdate();
                return decided;
            }
        });
    }

    @Override
    public int forgetIdle(long beforeMillis) throws StorageException {
        return database.withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM question_times WHERE last_at <= ?")) {
                delete.setLong(1, beforeMillis);
                return delete.executeUpdate();
            }
        });
    }
}
