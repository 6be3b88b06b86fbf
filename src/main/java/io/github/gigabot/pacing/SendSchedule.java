package io.github.gigabot.pacing;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decides which waiting send may go and when, under {@link SendLimits} and whatever Telegram asked
 * to wait with a 429. Sends are granted oldest first; a send whose chat or group must still wait
 * lets younger sends to other chats pass, so one busy chat never holds up the rest. Pure
 * bookkeeping on a nanosecond timeline handed in by the caller: no threads, no clock.
 */
final class SendSchedule {

    /** Returned by {@link #grant} when nothing waits. */
    static final long NOTHING_WAITS = Long.MAX_VALUE;
    /** Two chats refused within this time mean the bot as a whole is over Telegram's limit. */
    private static final long SECOND = 1_000_000_000L;
    /** Idle buckets and expired holds are forgotten, once a second, when this many chats are known. */
    private static final int SWEEP_FROM = 1024;

    /** One send waiting for its turn. */
    static class Ticket {
        final long chatId;
        private boolean granted;

        Ticket(long chatId) {
            this.chatId = chatId;
        }

        boolean granted() {
            return granted;
        }
    }

    private final SendLimits limits;
    private final RateBucket overall;
    private final RateBucket drafts;
    private final Map<Long, RateBucket> chats = new HashMap<>();
    private final Map<Long, SlidingWindow> groups = new HashMap<>();
    private final Map<Long, Long> heldUntil = new HashMap<>();
    private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
    private long everythingHeldUntil = Long.MIN_VALUE;
    private long lastRefusedChat;
    private long lastRefusedAt = Long.MIN_VALUE;
    private long lastSweep;

    SendSchedule(SendLimits limits, long now) {
        this.limits = limits;
        this.lastSweep = now;
        this.overall = new RateBucket(limits.burst(), SECOND / limits.perSecond(), now);
        this.drafts = new RateBucket(limits.burst(), SECOND / limits.draftsPerSecond(), now);
    }

    void enqueue(Ticket ticket) {
        waiting.addLast(ticket);
    }

    void cancel(Ticket ticket) {
        waiting.remove(ticket);
    }

    int waiting() {
        return waiting.size();
    }

    /** The send that has waited longest, or null. */
    Ticket oldest() {
        return waiting.peekFirst();
    }

    /**
     * Grants, oldest first, every waiting send that may go at {@code now}, telling {@code onGranted}
     * of each. Returns when to look again: the earliest time another send may go, or
     * {@link #NOTHING_WAITS}.
     */
    long grant(long now, Consumer<Ticket> onGranted) {
        sweep(now);
        if (waiting.isEmpty()) {
            return NOTHING_WAITS;
        }
        if (everythingHeldUntil > now) {
            return everythingHeldUntil;
        }
        long next = NOTHING_WAITS;
        for (Iterator<Ticket> it = waiting.iterator(); it.hasNext(); ) {
            Ticket ticket = it.next();
            long ready = Math.max(overall.readyAt(), readyAt(ticket.chatId, now));
            if (ready > now) {
                next = Math.min(next, ready);
                continue;
            }
            overall.take(now);
            chat(ticket.chatId, now).take(now);
            if (isGroup(ticket.chatId)) {
                group(ticket.chatId).take(now);
            }
            it.remove();
            ticket.granted = true;
            onGranted.accept(ticket);
        }
        // Whatever still waits needs an overall turn too, and granting may have pushed that back.
        return waiting.isEmpty() ? NOTHING_WAITS : Math.max(next, overall.readyAt());
    }

    /** How long Telegram asked the bot not to send to this chat, from {@code now}; 0 when it may. */
    long heldFor(long chatId, long now) {
        long until = Math.max(everythingHeldUntil, heldUntil.getOrDefault(chatId, Long.MIN_VALUE));
        return until <= now ? 0 : until - now;
    }

    /**
     * Telegram answered 429 for this chat: nothing goes to it for {@code retryAfterNanos}. A second
     * chat refused within a second means the limit is the bot's as a whole, and everything waits.
     */
    void refused(long chatId, long retryAfterNanos, long now) {
        long until = now + retryAfterNanos;
        heldUntil.merge(chatId, until, Math::max);
        if (lastRefusedAt != Long.MIN_VALUE && lastRefusedChat != chatId && now - lastRefusedAt < SECOND) {
            everythingHeldUntil = Math.max(everythingHeldUntil, until);
        }
        lastRefusedChat = chatId;
        lastRefusedAt = now;
    }

    /**
     * Whether a draft may be shown in this chat now, taking its turn if so. Drafts never wait: a
     * skipped one is overtaken by the next, longer one.
     */
    boolean tryDraft(long chatId, long now) {
        if (heldFor(chatId, now) > 0 || drafts.readyAt() > now) {
            return false;
        }
        drafts.take(now);
        return true;
    }

    private long readyAt(long chatId, long now) {
        long ready = Math.max(heldUntil.getOrDefault(chatId, Long.MIN_VALUE), chat(chatId, now).readyAt());
        return isGroup(chatId) ? Math.max(ready, group(chatId).readyAt()) : ready;
    }

    private RateBucket chat(long chatId, long now) {
        return chats.computeIfAbsent(chatId, id -> new RateBucket(limits.chatBurst(), limits.chatInterval().toNanos(), now));
    }

    private SlidingWindow group(long chatId) {
        return groups.computeIfAbsent(chatId, id -> new SlidingWindow(limits.groupMessages(), limits.groupWindow().toNanos()));
    }

    /** Groups and supergroups have negative ids; private chats positive ones. */
    private static boolean isGroup(long chatId) {
        return chatId < 0;
    }

    /** Forgets what no longer limits anything, so a bot that met a million chats does not remember them all. */
    private void sweep(long now) {
        if (chats.size() + groups.size() + heldUntil.size() < SWEEP_FROM || now - lastSweep < SECOND) {
            return;
        }
        lastSweep = now;
        chats.values().removeIf(bucket -> bucket.idle(now));
        groups.values().removeIf(bucket -> bucket.idle(now));
        heldUntil.values().removeIf(until -> until <= now);
    }

    /** Chats whose pace is still remembered; for tests of forgetting. */
    int rememberedChats() {
        return chats.size() + groups.size() + heldUntil.size();
    }
}
