package io.github.gigabot.inbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.chat.Reply;
import io.github.gigabot.chat.StorageException;
import io.github.gigabot.storage.ChatLeases;
import io.github.gigabot.storage.InboxStore;

/** The durable inbox in the bot's terms: messages in, finished answers kept until delivered, read back on restart. */
public final class Inbox {

    /**
     * A stored message that was not answered yet.
     *
     * @param updateId Telegram's update id
     * @param message  the message, or empty when its stored form can no longer be read
     * @param answer   the parts of its finished answer still to deliver; empty when it was not answered yet
     */
    public record Unfinished(long updateId, Optional<IncomingMessage> message, List<Reply> answer) {
    }

    private final InboxStore store;
    private final StoredForm form = new StoredForm();

    public Inbox(InboxStore store) {
        this.store = store;
    }

    /** Stores a batch in one transaction; returns the messages not stored before, in batch order. */
    public List<IncomingMessage> admit(List<IncomingMessage> batch) throws StorageException {
        List<InboxStore.Entry> entries = new ArrayList<>();
        for (IncomingMessage message : batch) {
            entries.add(new InboxStore.Entry(message.updateId(), message.chatId(), form.encodeMessage(message)));
        }
        Set<Long> added = new HashSet<>();
        store.add(entries).forEach(entry -> added.add(entry.updateId()));
        return batch.stream().filter(message -> added.contains(message.updateId())).toList();
    }

    /** Up to {@code limit} unanswered messages after {@code afterUpdateId}, oldest first. */
    public List<Unfinished> unfinished(long afterUpdateId, int limit) throws StorageException {
        return read(store.pending(afterUpdateId, limit));
    }

    /**
     * Up to {@code limit} unanswered messages this instance now answers, oldest first, from the
     * inbox several instances share: those of the chats it leased, and of up to {@code newChats}
     * more.
     */
    public List<Unfinished> claim(ChatLeases leases, int limit, int newChats) throws StorageException {
        return read(leases.claim(limit, newChats));
    }

    private List<Unfinished> read(List<InboxStore.Entry> entries) {
        List<Unfinished> result = new ArrayList<>();
        for (InboxStore.Entry entry : entries) {
            result.add(new Unfinished(entry.updateId(), form.decodeMessage(entry.payload()), form.decodeAnswer(entry.answer())));
        }
        return result;
    }

    /** Keeps what is left of a finished answer, to resend it rather than ask the model again. */
    public void saveAnswer(long updateId, List<Reply> undelivered) throws StorageException {
        store.saveAnswer(updateId, form.encodeAnswer(undelivered));
    }

    public void done(long updateId) throws StorageException {
        store.markDone(updateId);
    }

    /** Records a failed attempt; returns how many attempts have failed so far. */
    public int failed(long updateId) throws StorageException {
        return store.recordFailure(updateId);
    }

    public void park(long updateId) throws StorageException {
        store.park(updateId);
    }
}
