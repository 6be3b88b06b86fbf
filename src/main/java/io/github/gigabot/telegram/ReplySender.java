package io.github.gigabot.telegram;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.gigabot.chat.Reply;
import io.github.gigabot.pacing.SendPacer;
import io.github.gigabot.time.Backoff;
import io.github.gigabot.time.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers replies despite Telegram's passing troubles: every attempt waits for its turn in the
 * {@link SendPacer}, which also holds a chat Telegram answered 429 for as long as it asked (only
 * that chat's worker waits), retries 5xx and network failures a few times with backoff, resends as plain
 * text what Telegram cannot parse as HTML, drops a vanished quote or forum topic and sends anyway,
 * and gives up quietly on chats that blocked or removed the bot. What still fails is reported as
 * {@link Outcome#FAILED}, for the caller to try again later.
 */
public final class ReplySender {

    private static final Logger log = LoggerFactory.getLogger(ReplySender.class);
    /** Attempts in place; longer trouble is the caller's to wait out, without holding a worker. */
    static final int MAX_ATTEMPTS = 3;
    /** Longer waits than this are not worth holding a chat's queue for. */
    private static final Duration MAX_WAIT = Duration.ofMinutes(2);
    /** Pauses before retrying a 5xx or a network failure in place: 1 s, then 2 s. */
    private static final Backoff RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2));

    /** What became of one reply. */
    public enum Outcome {
        /** Telegram took it. */
        DELIVERED,
        /** Telegram will never take this reply (a request it rejects as bad); the next may go. */
        REJECTED,
        /** The chat takes nothing from the bot: it blocked or removed the bot, or is gone. */
        CHAT_CLOSED,
        /** Not delivered this time (Telegram down, unreachable, or asking to wait long): try later. */
        FAILED
    }

    private final TelegramBotApi telegram;
    private final SendPacer pacer;
    private final Sleeper sleeper;
    /** Chats that blocked or removed the bot: logged once each, not on every later answer. */
    private final Set<Long> forbiddenChats = ConcurrentHashMap.newKeySet();

    /**
     * @param pacer   keeps the bot under Telegram's limits; shared by everything that sends messages
     * @param sleeper pauses between retries of 5xx and network failures
     */
    public ReplySender(TelegramBotApi telegram, SendPacer pacer, Sleeper sleeper) {
        this.telegram = telegram;
        this.pacer = pacer;
        this.sleeper = sleeper;
    }

    /**
     * Sends the parts of one answer in order, stopping at the first that fails for now. Returns how
     * many are settled: delivered, or refused for good. Fewer than all means the rest, in order, is
     * to be sent again later. Never throws.
     */
    public int sendAll(List<Reply> parts) {
        for (int i = 0; i < parts.size(); i++) {
            switch (send(parts.get(i))) {
                case FAILED:
                    return i;
                case CHAT_CLOSED:
                    return parts.size();
                default:
                    break;
            }
        }
        return parts.size();
    }

    /** Sends {@code reply}, retrying passing troubles a little. Never throws. */
    public Outcome send(Reply reply) {
        Reply current = reply;
        for (int attempt = 1; ; attempt++) {
            try {
                if (!pacer.awaitTurn(current.chatId(), MAX_WAIT)) {
                    log.info("Reply to chat {} not delivered for now: Telegram asked to wait longer than {} s",
                            current.chatId(), MAX_WAIT.toSeconds());
                    return Outcome.FAILED;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.info("Reply to chat {} not delivered for now: interrupted while waiting for its turn", current.chatId());
                return Outcome.FAILED;
            }
            try {
                telegram.send(current);
                forbiddenChats.remove(current.chatId());
                return Outcome.DELIVERED;
            } catch (TelegramFailure failure) {
                String description = failure.description().toLowerCase(Locale.ROOT);
                if (failure.errorCode() == 403 || (failure.errorCode() == 400 && description.contains("chat not found"))) {
                    if (forbiddenChats.add(current.chatId())) {
                        log.warn("Chat {} does not accept messages from the bot ({}); its answers are dropped",
                                current.chatId(), failure.description());
                    }
                    return Outcome.CHAT_CLOSED;
                }
                if (failure.errorCode() == 400 && description.contains("can't parse entities")
                        && current.format() != Reply.Format.PLAIN) {
                    log.warn("Telegram could not parse the HTML for chat {} ({}); sending it as plain text",
                            current.chatId(), failure.description());
                    current = current.asPlainText();
                    continue;
                }
                if (failure.errorCode() == 400 && description.contains("message to be replied not found")
                        && current.replyToMessageId() != null) {
                    current = current.addressed(current.threadId(), null);
                    continue;
                }
                if (failure.errorCode() == 400 && description.contains("thread not found") && current.threadId() != null) {
                    current = current.addressed(null, current.replyToMessageId());
                    continue;
                }
                if (!transientFailure(failure)) {
                    log.warn("Reply to chat {} refused by Telegram, not sent: {}", current.chatId(), failure.getMessage());
                    return Outcome.REJECTED;
                }
                boolean rateLimited = failure.errorCode() == 429;
                Duration asked = Duration.ofSeconds(failure.retryAfterSeconds() == null ? 1 : Math.max(1, failure.retryAfterSeconds()));
                if (rateLimited) {
                    // The pacer holds the chat this long; the next attempt waits there.
                    pacer.refused(current.chatId(), asked);
                }
                if (attempt >= MAX_ATTEMPTS || (rateLimited && asked.compareTo(MAX_WAIT) > 0)) {
                    log.warn("Reply to chat {} not delivered for now: {}", current.chatId(), failure.getMessage());
                    return Outcome.FAILED;
                }
                if (rateLimited) {
                    log.info("Reply to chat {} refused for now ({}); retry {} of {} in {} s", current.chatId(),
                            failure.getMessage(), attempt, MAX_ATTEMPTS - 1, asked.toSeconds());
                    continue;
                }
                Duration wait = RETRY.pause(attempt - 1);
                log.info("Reply to chat {} failed ({}); retry {} of {} in {} ms", current.chatId(), failure.getMessage(),
                        attempt, MAX_ATTEMPTS - 1, wait.toMillis());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    log.info("Reply to chat {} not delivered for now: interrupted while waiting to retry", current.chatId());
                    return Outcome.FAILED;
                }
            }
        }
    }

    /** Telegram busy, down or unreachable: the same reply may go through later. */
    private static boolean transientFailure(TelegramFailure failure) {
        return failure.errorCode() == 429 || failure.errorCode() == 0 || failure.errorCode() >= 500;
    }
}
