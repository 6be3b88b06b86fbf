package io.github.gigabot.chat;

import java.util.function.LongSupplier;

import io.github.gigabot.config.AccessSettings;

/**
 * The bot owner's rules, applied before anything reaches the model: who may use the bot at all,
 * how many questions a user may ask per minute, and who may change a group's settings. Refusals and
 * "slow down" notices are rationed so that a persistent user cannot make the bot spam a chat.
 */
public final class Gatekeeper {

    /** What to do with a message addressed to the bot. */
    public enum Verdict {
        /** Go ahead. */
        PASS,
        /** Not allowed: say so, with the user's id. */
        REFUSE,
        /** Not allowed, and already told recently: stay quiet. */
        REFUSE_QUIETLY,
        /** Too many questions: say how long to wait. */
        SLOW_DOWN,
        /** Too many questions, and already told this minute: stay quiet. */
        SLOW_DOWN_QUIETLY
    }

    /**
     * A verdict and, for SLOW_DOWN, the seconds to wait.
     *
     * @param verdict     what to do
     * @param waitSeconds seconds until the user may ask again, or 0
     */
    public record Admission(Verdict verdict, long waitSeconds) {
    }

    private static final long REFUSAL_PERIOD_MILLIS = 10 * 60_000;

    private final AccessSettings settings;
    private final AdminDirectory admins;
    private final QuestionLimit questions;
    private final OncePer refusals;
    private final OncePer slowDownNotices;

    /** @param questions {@code settings.questionsPerMinute()}, counted where the instances that answer together can see it */
    public Gatekeeper(AccessSettings settings, AdminDirectory admins, QuestionLimit questions, LongSupplier clockMillis) {
        this.settings = settings;
        this.admins = admins;
        this.questions = questions;
        this.refusals = new OncePer(REFUSAL_PERIOD_MILLIS, clockMillis);
        this.slowDownNotices = new OncePer(QuestionLimit.WINDOW_MILLIS, clockMillis);
    }

    /**
     * Whether a message for the bot may be handled.
     *
     * @param question true when the message would go to the model (commands do not count)
     */
    public Admission admit(IncomingMessage message, boolean question) {
        if (!allowed(message)) {
            return new Admission(refusals.tryNow(message.userId()) ? Verdict.REFUSE : Verdict.REFUSE_QUIETLY, 0);
        }
        if (question) {
            long wait = questions.tryAsk(message.userId(), message.updateId());
            if (wait > 0) {
                return new Admission(slowDownNotices.tryNow(message.userId()) ? Verdict.SLOW_DOWN : Verdict.SLOW_DOWN_QUIETLY, wait);
            }
        }
        return new Admission(Verdict.PASS, 0);
    }

    /**
     * Whether the sender may change this chat's settings: always in a private chat; in a group, its
     * administrators, or everyone with {@code bot.group-settings=everyone}.
     */
    public boolean mayChangeSettings(IncomingMessage message) throws AdminDirectory.LookupFailed {
        if (message.chatType() == ChatType.PRIVATE || settings.everyoneMayConfigure()) {
            return true;
        }
        // An anonymous administrator writes as the group itself.
        return message.userId() == message.chatId() || admins.isAdmin(message.chatId(), message.userId());
    }

    private boolean allowed(IncomingMessage message) {
        return settings.open()
                || settings.allowedUsers().contains(message.userId())
                || (message.chatType() == ChatType.GROUP && settings.allowedChats().contains(message.chatId()));
    }
}
