package io.github.gigabot.telegram;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps "typing…" visible in a chat while the model thinks. Telegram shows the action for about
 * five seconds, so it is renewed every {@code period} until the returned handle is closed.
 */
public final class TypingIndicator {

    private static final Logger log = LoggerFactory.getLogger(TypingIndicator.class);

    private final TelegramBotApi telegram;
    private final ScheduledExecutorService scheduler;
    private final Duration period;

    public TypingIndicator(TelegramBotApi telegram, ScheduledExecutorService scheduler, Duration period) {
        this.telegram = telegram;
        this.scheduler = scheduler;
        this.period = period;
    }

    /** A running indicator; closing it stops the renewals. */
    public interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Shows typing now, on the caller's thread, so it is visible before any answer can be, and keeps
     * renewing it until the handle is closed.
     */
    public Handle start(long chatId, Integer threadId) {
        Runnable show = () -> {
            try {
                telegram.sendTyping(chatId, threadId);
            } catch (TelegramFailure e) {
                // Only cosmetic: the answer itself is what matters.
                log.debug("Typing indicator for chat {} failed: {}", chatId, e.getMessage());
            }
        };
        show.run();
        ScheduledFuture<?> renewals = scheduler.scheduleAtFixedRate(show, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return () -> renewals.cancel(false);
    }
}
