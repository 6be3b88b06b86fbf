package io.github.gigabot.telegram;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.github.gigabot.chat.AdminDirectory;

/**
 * Answers "is this user an administrator here?" with {@code getChatMember}, remembering each answer
 * for a few minutes so that a busy group does not cost a Bot API call per settings command.
 */
public final class ChatAdminCache implements AdminDirectory {

    private record Key(long chatId, long userId) {
    }

    private record Answer(boolean admin, long expiresAt) {
    }

    private final TelegramBotApi telegram;
    private final long ttlMillis;
    private final LongSupplier clockMillis;
    /** Above this many answers, expired ones are dropped: a busy bot's memory stays bounded. */
    private final int cleanUpAbove;
    private final Map<Key, Answer> answers = new ConcurrentHashMap<>();

    public ChatAdminCache(TelegramBotApi telegram, Duration ttl, LongSupplier clockMillis) {
        this(telegram, ttl, clockMillis, 10_000);
    }

    ChatAdminCache(TelegramBotApi telegram, Duration ttl, LongSupplier clockMillis, int cleanUpAbove) {
        this.telegram = telegram;
        this.ttlMillis = ttl.toMillis();
        this.clockMillis = clockMillis;
        this.cleanUpAbove = cleanUpAbove;
    }

    @Override
    public boolean isAdmin(long chatId, long userId) throws LookupFailed {
        long now = clockMillis.getAsLong();
        Key key = new Key(chatId, userId);
        Answer cached = answers.get(key);
        if (cached != null && cached.expiresAt() > now) {
            return cached.admin();
        }
        String status;
        try {
            status = telegram.memberStatus(chatId, userId);
        } catch (TelegramFailure e) {
            throw new LookupFailed(e.getMessage(), e);
        }
        boolean admin = "creator".equals(status) || "administrator".equals(status);
        if (answers.size() > cleanUpAbove) {
            answers.values().removeIf(answer -> answer.expiresAt() <= now);
        }
        answers.put(key, new Answer(admin, now + ttlMillis));
        return admin;
    }

    /** How many answers are held, fresh or not; for tests of the clean-up. */
    int size() {
        return answers.size();
    }
}
