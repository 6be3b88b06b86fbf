package io.github.gigabot.config;

import java.util.Set;

/**
 * Who may use the bot and how much.
 *
 * @param allowedUsers       user ids that may use the bot anywhere; with {@code allowedChats} both
 *                           empty, everyone may
 * @param allowedChats       group chat ids in which every member may use the bot
 * @param everyoneMayConfigure true when any group member may change group settings; else admins only
 * @param questionsPerMinute questions one user may ask per minute; 0 for no limit
 */
public record AccessSettings(Set<Long> allowedUsers, Set<Long> allowedChats, boolean everyoneMayConfigure,
                             int questionsPerMinute) {

    public AccessSettings {
        allowedUsers = Set.copyOf(allowedUsers);
        allowedChats = Set.copyOf(allowedChats);
    }

    /** True when no allow-list is set: the bot is open to everyone. */
    public boolean open() {
        return allowedUsers.isEmpty() && allowedChats.isEmpty();
    }
}
