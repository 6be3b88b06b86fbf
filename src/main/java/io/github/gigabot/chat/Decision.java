package io.github.gigabot.chat;

import java.util.List;

/**
 * What a message needs: nothing, replies that are ready now (commands, hints), or a question for the
 * model. Deciding is fast; asking the model is the slow part, done separately.
 *
 * @param replies replies to send now; empty when ignoring or asking
 * @param prompt  the question to ask the model, or null
 */
public record Decision(List<Reply> replies, Prompt prompt) {

    public Decision {
        replies = List.copyOf(replies);
    }

    static Decision ignore() {
        return new Decision(List.of(), null);
    }

    static Decision reply(List<Reply> replies) {
        return new Decision(replies, null);
    }

    static Decision ask(Prompt prompt) {
        return new Decision(List.of(), prompt);
    }

    /** True when the message is not for the bot. */
    public boolean isIgnore() {
        return replies.isEmpty() && prompt == null;
    }
}
