package io.github.gigabot.pacing;

import java.time.Duration;

/**
 * How fast the bot may send, after Telegram's bot FAQ: about 30 messages a second overall, about one
 * a second in one chat (short bursts allowed), 20 a minute in one group. Drafts of answers being
 * written have a budget of their own, so they never take a turn from a finished answer.
 *
 * @param perSecond      messages a second over all chats ({@code telegram.max-messages-per-second})
 * @param burst          messages (and drafts) that may go at once over all chats before the steady pace applies
 * @param chatBurst      messages one chat may get at once before one a second applies
 * @param chatInterval   the steady pace in one chat
 * @param groupMessages  messages one group may get within {@code groupWindow}
 * @param groupWindow    the window for {@code groupMessages}
 * @param draftsPerSecond draft updates a second over all chats
 */
public record SendLimits(int perSecond, int burst, int chatBurst, Duration chatInterval, int groupMessages, Duration groupWindow,
                         int draftsPerSecond) {

    public SendLimits {
        if (perSecond < 1 || burst < 1 || chatBurst < 1 || groupMessages < 1 || draftsPerSecond < 1
                || chatInterval.isNegative() || chatInterval.isZero() || groupWindow.isNegative() || groupWindow.isZero()) {
            throw new IllegalArgumentException("send limits must be positive: " + perSecond + ", " + burst + ", " + chatBurst + ", "
                    + chatInterval + ", " + groupMessages + ", " + groupWindow + ", " + draftsPerSecond);
        }
    }

    /**
     * Telegram's published limits with {@code perSecond} messages a second overall (30 for the public
     * Bot API). Overall sends are spaced evenly rather than let out in bursts: Telegram does not say
     * how much burst it tolerates, and even spacing delivers a backlog just as fast.
     */
    public static SendLimits telegram(int perSecond) {
        return new SendLimits(perSecond, 1, 3, Duration.ofSeconds(1), 20, Duration.ofMinutes(1), perSecond);
    }
}
