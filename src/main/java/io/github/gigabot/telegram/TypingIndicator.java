package io.github.gigabot.telegram;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;

/**
 * Keeps "typing…" visible in a chat while the model thinks. Telegram shows the action for about
 * five seconds, so it is renewed every {@code period} until the returned handle is closed. The calls
 * go out without the answer waiting for them, one after another per chat so they arrive in order.
 */
public final class TypingIndicator {

    private static final Logger log = LoggerFactory.getLogger(TypingIndicator.class);
    /** How long closing waits for a call still under way, so no "typing…" arrives after the answer. */
    static final Duration SETTLE_WAIT = Duration.ofSeconds(2);

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

        /** Stops the renewals and waits (briefly) until the last call is answered. */
        @Override
        void close();
    }

    /** Shows typing now, without waiting for Telegram, and keeps renewing it until the handle is closed. */
    public Handle start(long chatId, Integer threadId) {
        Indicator indicator = new Indicator(chatId, threadId);
        indicator.showCurrent();
        indicator.renewals = scheduler.scheduleAtFixedRate(indicator::showCurrent, period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
        return indicator;
    }

    private final class Indicator implements Handle {

        private final long chatId;
        private final Integer threadId;
        private ActionType current = ActionType.TYPING;
        /** The latest call; the next starts when it is answered, so calls reach Telegram in order. */
        private CompletableFuture<?> last = CompletableFuture.completedFuture(null);
        private volatile ScheduledFuture<?> renewals;
        private volatile boolean closed;

        Indicator(long chatId, Integer threadId) {
            this.chatId = chatId;
            this.threadId = threadId;
        }

        /** Sends the current action once the call before it is answered; nothing once closed. */
        synchronized void showCurrent() {
            if (closed) {
                return;
            }
            ActionType action = current;
            last = last.handle((ignored, error) -> null)
                    .thenCompose(ignored -> closed ? CompletableFuture.completedFuture(false)
                            : telegram.sendAction(chatId, threadId, action))
                    .whenComplete((ignored, error) -> {
                        if (error != null) {
                            // Only cosmetic: the answer itself is what matters.
                            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                            log.debug("Typing indicator for chat {} failed: {}", chatId, cause.getMessage());
                        }
                    });
        }

        @Override
        public synchronized void show(ActionType action) {
            if (current != action) {
                current = action;
                showCurrent();
            }
        }

        @Override
        public void close() {
            renewals.cancel(false);
            CompletableFuture<?> lastCall;
            synchronized (this) {
                // Calls chained but not started yet are dropped: nothing may say "typing…" after the answer.
                closed = true;
                lastCall = last;
            }
            Settle.await(lastCall, SETTLE_WAIT);
        }
    }
}
