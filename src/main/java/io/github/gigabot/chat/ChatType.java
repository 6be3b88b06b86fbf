package io.github.gigabot.chat;

/** The kinds of chat the bot takes part in. Channels are not served. */
public enum ChatType {
    /** A one-to-one chat with a user: every message is for the bot. */
    PRIVATE,
    /** A group or supergroup: only messages that mention the bot or reply to it are for the bot. */
    GROUP
}
