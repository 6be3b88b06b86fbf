package io.github.gigabot.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Telegram's published send limits for sendMessage and sendPhoto: about 30 messages a second
 * overall, about one a second per chat with short bursts, 20 a minute per group. A call is let
 * through if every bucket it touches has a token now or within 50 ms (arrival jitter); a refused
 * call takes no token and learns how many whole seconds to wait, as Telegram's 429 says.
 */
final class StandInLimits {

    private static final long JITTER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final TokenBucket overall;
    private final Map<Long, TokenBucket> chats = new HashMap<>();
    private final Map<Long, TokenBucket> groups = new HashMap<>();

    StandInLimits(long nowNanos) {
        overall = new TokenBucket(30, 30, nowNanos);
    }

    /** Seconds to wait when refused (at least 1), or 0 when the call may go and its tokens were taken. */
    synchronized int acquire(long chatId, long nowNanos) {
        TokenBucket chat = chats.computeIfAbsent(chatId, id -> new TokenBucket(3, 1, nowNanos));
        TokenBucket group = chatId < 0 ? groups.computeIfAbsent(chatId, id -> new TokenBucket(20, 20.0 / 60, nowNanos)) : null;
        boolean allowed = overall.allows(nowNanos, JITTER_NANOS) && chat.allows(nowNanos, JITTER_NANOS)
                && (group == null || group.allows(nowNanos, JITTER_NANOS));
        if (allowed) {
            overall.take(nowNanos);
            chat.take(nowNanos);
            if (group != null) {
                group.take(nowNanos);
            }
            return 0;
        }
        long wait = Math.max(overall.nanosUntilToken(nowNanos), chat.nanosUntilToken(nowNanos));
        if (group != null) {
            wait = Math.max(wait, group.nanosUntilToken(nowNanos));
        }
        return (int) Math.max(1, (wait + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }
}
