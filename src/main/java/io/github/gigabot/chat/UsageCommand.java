package io.github.gigabot.chat;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.github.gigabot.config.BudgetSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /usage}: the sender's tokens today and this month, in every chat, and this chat's; {@code /usage all},
 * for the bot's admins, the whole bot's and who spent most today.
 */
final class UsageCommand {

    private static final Logger log = LoggerFactory.getLogger(UsageCommand.class);
    private static final int TOP_USERS = 10;

    private final Usage usage;
    private final TokenBudget budget;
    private final UserTexts texts;

    UsageCommand(Usage usage, TokenBudget budget, UserTexts texts) {
        this.usage = usage;
        this.budget = budget;
        this.texts = texts;
    }

    String answer(IncomingMessage message, String argument) {
        String language = message.languageCode();
        boolean all = argument.equalsIgnoreCase("all");
        if (!argument.isEmpty() && !all) {
            return texts.text(language, "usage.unknown-argument");
        }
        if (all && !budget.isAdmin(message.userId())) {
            return texts.text(language, "usage.admins-only");
        }
        LocalDate today = budget.today();
        LocalDate monthStart = today.withDayOfMonth(1);
        BudgetSettings limits = budget.settings();
        try {
            if (all) {
                List<Usage.UserTotal> top = usage.topUsers(today, today, TOP_USERS);
                String lines = top.isEmpty() ? texts.text(language, "usage.nobody")
                        : top.stream().map(t -> texts.text(language, "usage.top-line", String.valueOf(t.userId()), number(t.total())))
                        .collect(Collectors.joining("\n"));
                long botToday = usage.botTotal(today, today);
                return texts.text(language, "usage.all", number(botToday), number(usage.botTotal(monthStart, today)), lines)
                        + limitLine(language, "usage.bot-limit", limits.totalDailyTokenLimit(), botToday);
            }
            long mineToday = usage.userTotal(message.userId(), today, today);
            String text = texts.text(language, "usage.mine", number(mineToday),
                    number(usage.userTotal(message.userId(), monthStart, today)));
            text += "\n" + texts.text(language, "usage.chat", number(usage.chatTotal(message.chatId(), today, today)),
                    number(usage.chatTotal(message.chatId(), monthStart, today)));
            if (limits.dailyTokenLimit() > 0 && budget.isAdmin(message.userId())) {
                text += "\n\n" + texts.text(language, "usage.exempt");
            } else {
                text += limitLine(language, "usage.user-limit", limits.dailyTokenLimit(), mineToday);
            }
            return text;
        } catch (StorageException e) {
            log.error("Chat {}: usage not read: {}", message.chatId(), e.getMessage());
            return texts.text(language, "error.internal");
        }
    }

    private String limitLine(String language, String key, long limit, long spent) {
        return limit == 0 ? "" : "\n\n" + texts.text(language, key, number(limit), number(Math.max(0, limit - spent)));
    }

    /** 1 234 567: digits in groups of three, the same in both languages. */
    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value).replace(',', '\u00a0');
    }
}
