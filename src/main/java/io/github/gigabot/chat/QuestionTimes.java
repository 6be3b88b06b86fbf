package io.github.gigabot.chat;

import java.util.Deque;

/**
 * Each user's recent questions (when, and which update), kept where all instances that answer
 * together see them, so they count a user's questions together. One user's questions are decided
 * on by one caller at a time.
 */
public interface QuestionTimes {

    /** One question: when it was asked, and the update that carried it. */
    record Asked(long atMillis, long updateId) {
    }

    /** Decides on a user's questions, oldest first, which it may change in place. */
    @FunctionalInterface
    interface Rule {
        long decide(Deque<Asked> asked);
    }

    /**
     * Applies {@code rule} to the user's questions and keeps them as it left them; returns what it
     * decided. {@code nowMillis} is kept as the user's last activity.
     */
    long apply(long userId, long nowMillis, Rule rule) throws StorageException;

    /** Forgets the users whose last question was at {@code beforeMillis} or earlier; returns how many. */
    int forgetIdle(long beforeMillis) throws StorageException;
}
