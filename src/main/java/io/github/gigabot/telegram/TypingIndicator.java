package io.github.gigabot.telegram;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;

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
        /** Shows {@code action} from now on, at once and at every renewal. */
        void show(ActionType action);

        @Override
        void close();
    }

    /**
     * Shows typing now, on the caller's thread, so it is visible before any answer can be, and keeps
     * renewing it until the handle is closed.
     */
    public Handle start(long chatId, Integer threadId) {
        AtomicReference<ActionType> current = new AtomicReference<>(ActionType.TYPING);
        Runnable show = () -> {
            try {
                telegram.sendAction(chatId, threadId, current.get());
            } catch (TelegramFailure e) {
                // Only cosmetic: the answer itself is what matters.
                log.debug("Typing indicator for chat {} failed: {}", chatId, e.getMessage());
            }
        };
        show.run();
        ScheduledFuture<?> renewals = scheduler.scheduleAtFixedRate(show, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return new Handle() {
            @Override
            public void show(ActionType action) {
                if (current.getAndSet(action) != action) {
                    show.run();
                }
            }

            @Override
            public void close() {
                renewals.cancel(false);
            }
        };
    }
}
