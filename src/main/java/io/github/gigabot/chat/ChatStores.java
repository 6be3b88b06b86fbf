package io.github.gigabot.chat;


/**
 * What the bot keeps about chats.
 *
 * @param settings each chat's temperature and model
 * @param history  each conversation's latest messages
 * @param usage    tokens spent per day, chat and user
 */
public record ChatStores(ChatSettings settings, History history, Usage usage) {
}
