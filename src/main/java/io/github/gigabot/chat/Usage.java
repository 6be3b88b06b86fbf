package io.github.gigabot.chat;

import java.time.LocalDate;
import java.util.List;

/**
 * Tokens spent, summed per UTC day, chat and user: what {@code /usage} shows and the daily limits
 * count. Ranges of days include both ends.
 */
public interface Usage {

    /** One user's total over some days. */
    record UserTotal(long userId, long total) {
    }

    /** Adds one answer's tokens to the day's sums for its chat and user. */
    void add(LocalDate day, long chatId, long userId, TokenUsage tokens) throws StorageException;

    /** A user's tokens from {@code from} to {@code to}, in every chat. */
    long userTotal(long userId, LocalDate from, LocalDate to) throws StorageException;

    /** A chat's tokens from {@code from} to {@code to}, whoever asked. */
    long chatTotal(long chatId, LocalDate from, LocalDate to) throws StorageException;

    /** The whole bot's tokens from {@code from} to {@code to}. */
    long botTotal(LocalDate from, LocalDate to) throws StorageException;

    /** The users who spent most from {@code from} to {@code to}, most first (ties by user id), at most {@code limit}. */
    List<UserTotal> topUsers(LocalDate from, LocalDate to, int limit) throws StorageException;
}
