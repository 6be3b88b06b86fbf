package io.github.gigabot.config;

import java.util.Optional;

/**
 * How the bot holds a conversation.
 *
 * @param systemPrompt    sent first in every request, when set
 * @param historyMessages earlier messages of the chat sent along (0: every message stands alone)
 * @param streaming       show answers in private chats while they are being generated
 */
public record ConversationSettings(Optional<String> systemPrompt, int historyMessages, boolean streaming) {
}
