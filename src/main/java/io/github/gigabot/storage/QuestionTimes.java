package io.github.gigabot.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Collectors;

/**
 * When each user asked their recent questions, kept in the database so that instances sharing it
 * count a user's questions together. A user's times are read and written under a lock on the
 * user's row, so two instances deciding on the same user at once take turns.
 */
public final class QuestionTimes {

    /** Decides on a user's question times, oldest first, which it may change in place. */
    @FunctionalInterface
    public interface Rule {
        long decide(Deque<Long> times);
    }

    private final Database database;

    public QuestionTimes(Database database) {
        this.database = database;
    }

    /**
     * Applies {@code rule} to the user's times and stores them as it left them; returns what it
     * decided. {@code nowMillis} is kept as the user's last activity.
     */
    public long apply(long userId, long nowMillis, Rule rule) throws StorageException {
        String lock = database.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
        return database.inTransaction(connection -> {
            try (PreparedStatement create = connection.prepareStatement(
                    "INSERT INTO question_times (user_id, asked, last_at) VALUES (?, '', ?) ON CONFLICT (user_id) DO NOTHING");
                 PreparedStatement read = connection.prepareStatement("SELECT asked FROM question_times WHERE user_id = ?" + lock);
                 PreparedStatement write = connection.prepareStatement(
                         "UPDATE question_times SET asked = ?, last_at = ? WHERE user_id = ?")) {
                create.setLong(1, userId);
                create.setLong(2, nowMillis);
                create.executeUpdate();
                read.setLong(1, userId);
                Deque<Long> times = new ArrayDeque<>();
                try (ResultSet row = read.executeQuery()) {
                    row.next();
                    for (String time : row.getString(1).split(",")) {
                        if (!time.isEmpty()) {
                            times.addLast(Long.parseLong(time));
                        }
                    }
                }
                long decided = rule.decide(times);
                write.setString(1, times.stream().map(String::valueOf).collect(Collectors.joining(",")));
                write.setLong(2, nowMillis);
                write.setLong(3, userId);
                write.executeUpdate();
                return decided;
            }
        });
    }

    /** Forgets the users whose last question was at {@code beforeMillis} or earlier. */
    public int forgetIdle(long beforeMillis) throws StorageException {
        return database.withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM question_times WHERE last_at <= ?")) {
                delete.setLong(1, beforeMillis);
                return delete.executeUpdate();
            }
        });
    }
}
