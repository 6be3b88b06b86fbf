package io.github.gigabot.chat;

import io.github.gigabot.storage.ChatSettingsStore;
import io.github.gigabot.storage.HistoryStore;
import io.github.gigabot.storage.UsageStore;

/**
 * What the bot keeps about chats.
 *
 * @param settings each chat's temperature and model
 * @param history  each conversation's latest messages
 * @param usage    tokens spent per day, chat and user
 */
public record ChatStores(ChatSettingsStore settings, HistoryStore history, UsageStore usage) {
}
