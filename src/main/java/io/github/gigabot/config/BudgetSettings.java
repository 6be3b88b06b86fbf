package io.github.gigabot.config;

import java.util.Set;

/**
 * How many GigaChat tokens the bot may spend, and who answers for it.
 *
 * @param dailyTokenLimit      tokens one user may spend per UTC day; 0 for no limit
 * @param totalDailyTokenLimit tokens the whole bot may spend per UTC day; 0 for no limit
 * @param adminUsers           the bot's admins: exempt from the per-user limit, may see everyone's totals
 */
public record BudgetSettings(long dailyTokenLimit, long totalDailyTokenLimit, Set<Long> adminUsers) {

    public BudgetSettings {
        if (dailyTokenLimit < 0 || totalDailyTokenLimit < 0) {
            throw new IllegalArgumentException("limits cannot be negative");
        }
        adminUsers = Set.copyOf(adminUsers);
    }

    /** No limits and no admins. */
    public static BudgetSettings unlimited() {
        return new BudgetSettings(0, 0, Set.of());
    }
}
