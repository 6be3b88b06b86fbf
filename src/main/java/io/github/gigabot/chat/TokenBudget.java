package io.github.gigabot.chat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

import io.github.gigabot.config.BudgetSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the tokens each answer cost and keeps the daily limits: a user's own
 * ({@code bot.daily-token-limit}, which the bot's admins are spared) and the whole bot's
 * ({@code bot.total-daily-token-limit}). Days are UTC days. A question is checked when it arrives
 * and again when it gets its GigaChat turn, so the answer that crosses a limit is still given and
 * no question starts after it.
 */
public final class TokenBudget {

    private static final Logger log = LoggerFactory.getLogger(TokenBudget.class);

    /** Which limit a question ran into. */
    enum Exhausted {
        USER, BOT
    }

    private final Usage usage;
    private final BudgetSettings settings;
    private final Clock clock;

    public TokenBudget(Usage usage, BudgetSettings settings, Clock clock) {
        this.usage = usage;
        this.settings = settings;
        this.clock = clock;
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    BudgetSettings settings() {
        return settings;
    }

    boolean isAdmin(long userId) {
        return settings.adminUsers().contains(userId);
    }

    /** The limit that keeps {@code userId} from asking now, if any. */
    Optional<Exhausted> exhausted(long userId) {
        if (settings.dailyTokenLimit() == 0 && settings.totalDailyTokenLimit() == 0) {
            return Optional.empty();
        }
        LocalDate today = today();
        try {
            if (settings.totalDailyTokenLimit() > 0 && usage.botTotal(today, today) >= settings.totalDailyTokenLimit()) {
                return Optional.of(Exhausted.BOT);
            }
            if (settings.dailyTokenLimit() > 0 && !isAdmin(userId)
                    && usage.userTotal(userId, today, today) >= settings.dailyTokenLimit()) {
                return Optional.of(Exhausted.USER);
            }
        } catch (StorageException e) {
            // A limit that cannot be read is not a reason to stop answering.
            log.error("Token usage not read, the question goes ahead: {}", e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * The say over one question: asked again when it has its turn, and its cost counted once, however
     * often it is told.
     */
    Admission admission(long chatId, long userId) {
        return new Admission() {
            private boolean counted;

            @Override
            public boolean admit() {
                return exhausted(userId).isEmpty();
            }

            @Override
            public synchronized void spent(TokenUsage usage) {
                if (!counted) {
                    counted = true;
                    record(chatId, userId, usage);
                }
            }
        };
    }

    /** Adds an answer's cost to today's sums of its chat and user. */
    private void record(long chatId, long userId, TokenUsage spent) {
        if (spent.total() == 0) {
            return;
        }
        try {
            usage.add(today(), chatId, userId, spent);
        } catch (StorageException e) {
            log.error("Chat {}: {} tokens not recorded: {}", chatId, spent.total(), e.getMessage());
        }
    }
}
