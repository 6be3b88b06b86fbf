package io.github.gigabot.chat;

import java.util.List;

/**
 * The first look at a message, taken before it is queued: cheap, in memory, no network. Messages
 * the bot will not handle (not addressed to it, from someone not allowed, over the rate) are turned
 * away here, so a flood of them never piles up in a queue.
 *
 * @param admitted true when the message is to be queued and handled
 * @param replies  for a message turned away, the notice to send (empty: turned away quietly)
 */
public record Screening(boolean admitted, List<Reply> replies) {

    public Screening {
        replies = List.copyOf(replies);
    }

    static Screening admit() {
        return new Screening(true, List.of());
    }

    static Screening turnAway(List<Reply> notice) {
        return new Screening(false, notice);
    }
}
