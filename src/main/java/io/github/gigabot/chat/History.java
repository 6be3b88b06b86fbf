package io.github.gigabot.chat;

import java.util.List;

/**
 * The recent messages of each conversation (a chat, or one forum topic of it), kept across restarts
 * so that "and in English?" still means something after a deploy.
 */
public interface History {

    /**
     * One remembered message.
     *
     * @param role            {@code user} or {@code assistant}
     * @param content         what was said
     * @param attachments     ids of the files in GigaChat's storage that came with it; usually none
     * @param attachmentBytes their size together
     */
    record Turn(String role, String content, List<String> attachments, long attachmentBytes) {

        /** A message without files. */
        public Turn(String role, String content) {
            this(role, content, List.of(), 0);
        }

        public Turn {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
        }
    }

    /**
     * What was forgotten.
     *
     * @param messages how many messages
     * @param files    the ids of the files that came with them, no longer part of any conversation
     */
    record Forgotten(int messages, List<String> files) {

        public Forgotten {
            files = List.copyOf(files);
        }
    }

    /** The conversation's last {@code limit} messages, oldest first. */
    List<Turn> recent(long chatId, Integer threadId, int limit) throws StorageException;

    /**
     * Appends a question and its answer together, then forgets all but the last {@code keep}
     * messages of the conversation.
     *
     * @return what was forgotten to make room
     */
    Forgotten append(long chatId, Integer threadId, List<Turn> turns, int keep) throws StorageException;

    /** Forgets the conversation. */
    Forgotten clear(long chatId, Integer threadId) throws StorageException;
}
