package io.github.gigabot.telegram;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.gigabot.chat.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a reply despite Telegram's passing troubles: waits out 429 (only the sending chat's worker
 * waits), retries 5xx and network failures with backoff, resends as plain text what Telegram cannot
 * parse as HTML, drops a vanished quote or forum topic and sends anyway, and gives up quietly on
 * chats that blocked or removed the bot.
 */
public final class ReplySender {

    private static final Logger log = LoggerFactory.getLogger(ReplySender.class);
    static final int MAX_ATTEMPTS = 5;
    /** Longer waits than this are not worth holding a chat's queue for. */
    private static final Duration MAX_WAIT = Duration.ofMinutes(2);

    /** Pauses the calling thread; tests pass one that does not really sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final TelegramBotApi telegram;
    private final Sleeper sleeper;
    private final Duration backoffBase;
    /** Chats that blocked or removed the bot: logged once each, not on every later answer. */
    private final Set<Long> forbiddenChats = ConcurrentHashMap.newKeySet();

    public ReplySender(TelegramBotApi telegram, Sleeper sleeper, Duration backoffBase) {
        this.telegram = telegram;
        this.sleeper = sleeper;
        this.backoffBase = backoffBase;
    }

    /** Sends {@code reply}; returns false when it could not be delivered. Never throws. */
    public boolean send(Reply reply) {
        Reply current = reply;
        for (int attempt = 1; ; attempt++) {
            try {
                telegram.send(current);
                forbiddenChats.remove(current.chatId());
                return true;
            } catch (TelegramFailure failure) {
                String description = failure.description().toLowerCase(Locale.ROOT);
                if (failure.errorCode() == 403) {
                    if (forbiddenChats.add(current.chatId())) {
                        log.warn("Chat {} does not accept messages from the bot ({}); its answers are dropped",
                                current.chatId(), failure.description());
                    }
                    return false;
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
                Duration wait = retryWait(failure, attempt);
                if (wait == null) {
                    log.warn("Reply to chat {} not delivered: {}", current.chatId(), failure.getMessage());
                    return false;
                }
                log.info("Reply to chat {} failed ({}); retry {} of {} in {} ms", current.chatId(), failure.getMessage(),
                        attempt, MAX_ATTEMPTS - 1, wait.toMillis());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    log.warn("Reply to chat {} not delivered: interrupted while waiting to retry", current.chatId());
                    return false;
                }
            }
        }
    }

    /** The pause before the next attempt, or null when the failure is final. */
    private Duration retryWait(TelegramFailure failure, int attempt) {
        if (attempt >= MAX_ATTEMPTS) {
            return null;
        }
        if (failure.errorCode() == 429) {
            Duration wait = Duration.ofSeconds(failure.retryAfterSeconds() == null ? 1 : Math.max(1, failure.retryAfterSeconds()));
            return wait.compareTo(MAX_WAIT) <= 0 ? wait : null;
        }
        if (failure.errorCode() == 0 || failure.errorCode() >= 500) {
            return backoffBase.multipliedBy(1L << (attempt - 1));
        }
        return null;
    }
}
