package io.github.gigabot.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.github.gigabot.chat.StorageException;
import io.github.gigabot.chat.TokenUsage;
import io.github.gigabot.chat.Usage;

/**
 * {@link Usage} in the database. Days are ISO dates ({@code 2026-11-25}), so a range of days is a
 * range of strings.
 */
public final class UsageStore implements Usage {

    private final Database database;

    public UsageStore(Database database) {
        this.database = database;
    }

    @Override
    public void add(LocalDate day, long chatId, long userId, TokenUsage tokens) throws StorageException {
        database.withConnection(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO token_usage (day, chat_id, user_id, prompt_tokens, completion_tokens, total_tokens) "
                            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(day, chat_id, user_id) DO UPDATE SET "
                            + "prompt_tokens = token_usage.prompt_tokens + excluded.prompt_tokens, "
                            + "completion_tokens = token_usage.completion_tokens + excluded.completion_tokens, "
                            + "total_tokens = token_usage.total_tokens + excluded.total_tokens")) {
                upsert.setString(1, day.toString());
                upsert.setLong(2, chatId);
                upsert.setLong(3, userId);
                upsert.setLong(4, tokens.prompt());
                upsert.setLong(5, tokens.completion());
                upsert.setLong(6, tokens.total());
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public long userTotal(long userId, LocalDate from, LocalDate to) throws StorageException {
        return sum("user_id = ? AND", userId, from, to);
    }

    @Override
    public long chatTotal(long chatId, LocalDate from, LocalDate to) throws StorageException {
        return sum("chat_id = ? AND", chatId, from, to);
    }

    @Override
    public long botTotal(LocalDate from, LocalDate to) throws StorageException {
        return sum("", null, from, to);
    }

    @Override
    public List<UserTotal> topUsers(LocalDate from, LocalDate to, int limit) throws StorageException {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT user_id, SUM(total_tokens) AS spent FROM token_usage WHERE day BETWEEN ? AND ? "
                            + "GROUP BY user_id ORDER BY spent DESC, user_id LIMIT ?")) {
                select.setString(1, from.toString());
                select.setString(2, to.toString());
                select.setInt(3, limit);
                List<UserTotal> top = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        top.add(new UserTotal(rs.getLong(1), rs.getLong(2)));
                    }
                }
                return top;
            }
        });
    }

    private long sum(String filter, Long id, LocalDate from, LocalDate to) throws StorageException {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT COALESCE(SUM(total_tokens), 0) FROM token_usage WHERE " + filter + " day BETWEEN ? AND ?")) {
                int index = 1;
                if (id != null) {
                    select.setLong(index++, id);
                }
                select.setString(index++, from.toString());
                select.setString(index, to.toString());
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
