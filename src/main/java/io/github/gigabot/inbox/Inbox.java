package io.github.gigabot.inbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.storage.InboxStore;
import io.github.gigabot.storage.StorageException;

/** The durable inbox in the bot's terms: incoming messages in, stored as JSON, read back on restart. */
public final class Inbox {

    /**
     * A stored message that was not answered yet.
     *
     * @param updateId Telegram's update id
     * @param message  the message, or empty when its stored form can no longer be read
     */
    public record Unfinished(long updateId, Optional<IncomingMessage> message) {
    }

    private final InboxStore store;
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public Inbox(InboxStore store) {
        this.store = store;
    }

    /** Stores a batch in one transaction; returns the messages not stored before, in batch order. */
    public List<IncomingMessage> admit(List<IncomingMessage> batch) throws StorageException {
        List<InboxStore.Entry> entries = new ArrayList<>();
        for (IncomingMessage message : batch) {
            entries.add(new InboxStore.Entry(message.updateId(), message.chatId(), encode(message), 0));
        }
        Set<Long> added = new HashSet<>();
        store.add(entries).forEach(entry -> added.add(entry.updateId()));
        return batch.stream().filter(message -> added.contains(message.updateId())).toList();
    }

    /** Everything stored but not answered, oldest first. */
    public List<Unfinished> unfinished() throws StorageException {
        List<Unfinished> result = new ArrayList<>();
        for (InboxStore.Entry entry : store.pending()) {
            result.add(new Unfinished(entry.updateId(), decode(entry.payload())));
        }
        return result;
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

    private String encode(IncomingMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a message", e);
        }
    }

    private Optional<IncomingMessage> decode(String payload) {
        try {
            return Optional.ofNullable(json.readValue(payload, IncomingMessage.class));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
