package io.github.gigabot.chat;

/** Knows who administers a group. Implemented over Telegram's {@code getChatMember}. */
@FunctionalInterface
public interface AdminDirectory {

    /** The answer could not be had (Telegram unreachable, the bot not in the chat). */
    final class LookupFailed extends Exception {
        public LookupFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** True when {@code userId} is the creator or an administrator of {@code chatId}. */
    boolean isAdmin(long chatId, long userId) throws LookupFailed;
}
