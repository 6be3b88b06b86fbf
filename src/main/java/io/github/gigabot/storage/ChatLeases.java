package io.github.gigabot.storage;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.gigabot.chat.StorageException;

/**
 * Which instance answers which chat, when several share one PostgreSQL database. An instance leases
 * a chat before it takes the chat's messages, keeps the lease while it has work there by renewing
 * it (a heartbeat), and lets it go when the work is done. The lease of an instance that died runs
 * out and another instance takes the chat over, so one chat is answered by one instance at a time,
 * in order. Times are the database's own clock, so instances whose clocks disagree still agree on
 * when a lease ends.
 */
public final class ChatLeases {

    /** Milliseconds since the epoch on the database server's clock. */
    private static final String NOW = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

    private final Database database;
    private final String owner;
    private final long ttlMillis;

    /**
     * @param owner this instance's id, unique to this run
     * @param ttl   how long a lease lasts without a heartbeat: how soon a dead instance's chats move on
     */
    public ChatLeases(Database database, String owner, Duration ttl) {
        this.database = database;
        this.owner = owner;
        this.ttlMillis = ttl.toMillis();
    }

    /**
     * Leases up to {@code newChats} free chats that have messages no instance took yet, those
     * waiting longest first (skipping chats another instance is leasing at this moment rather than
     * waiting for it), then takes up to {@code limit} pending messages of every chat leased here that
     * this instance did not take before, oldest first. A busy instance asks for fewer new chats, so
     * the others get them.
     */
    public List<InboxStore.Entry> claim(int limit, int newChats) throws StorageException {
        return database.inTransaction(connection -> {
            try (PreparedStatement known = connection.prepareStatement(
                    "INSERT INTO chat_leases (chat_id, owner, expires_at) SELECT DISTINCT chat_id, '', 0 FROM inbox "
                            + "WHERE state = 'pending' AND (claimed_by IS NULL OR claimed_by <> ?) "
                            // Rows inserted in one order by every instance: two claims cannot wait on each other.
                            + "ORDER BY chat_id ON CONFLICT (chat_id) DO NOTHING");
                 PreparedStatement take = connection.prepareStatement(
                         "UPDATE chat_leases SET owner = ?, expires_at = " + NOW + " + ? WHERE chat_id IN ("
                                 + "SELECT l.chat_id FROM chat_leases l JOIN (SELECT chat_id, MIN(update_id) AS oldest FROM inbox "
                                 + "WHERE state = 'pending' AND (claimed_by IS NULL OR claimed_by <> ?) GROUP BY chat_id) w "
                                 + "ON w.chat_id = l.chat_id WHERE l.expires_at <= " + NOW + " "
                                 + "ORDER BY w.oldest LIMIT ? FOR UPDATE OF l SKIP LOCKED)");
                 PreparedStatement messages = connection.prepareStatement(
                         "UPDATE inbox SET claimed_by = ? WHERE update_id IN ("
                                 + "SELECT i.update_id FROM inbox i JOIN chat_leases l ON l.chat_id = i.chat_id "
                                 + "WHERE i.state = 'pending' AND (i.claimed_by IS NULL OR i.claimed_by <> ?) "
                                 + "AND l.owner = ? AND l.expires_at > " + NOW + " "
                                 + "ORDER BY i.update_id LIMIT ? FOR UPDATE OF i SKIP LOCKED) "
                                 + "RETURNING update_id, chat_id, payload, attempts, answer")) {
                known.setString(1, owner);
                known.executeUpdate();
                take.setString(1, owner);
                take.setLong(2, ttlMillis);
                take.setString(3, owner);
                take.setInt(4, newChats);
                take.executeUpdate();
                messages.setString(1, owner);
                messages.setString(2, owner);
                messages.setString(3, owner);
                messages.setInt(4, limit);
                List<InboxStore.Entry> taken = new java.util.ArrayList<>(InboxStore.entries(messages));
                taken.sort(Comparator.comparingLong(InboxStore.Entry::updateId));
                return taken;
            }
        });
    }

    /**
     * The heartbeat: renews the leases of the chats this instance still has work in and lets the
     * others go, so their next messages may go to any instance. Returns the chats renewed: a busy
     * chat missing there was taken over by another instance after its lease here ran out.
     */
    public Set<Long> heartbeat(Collection<Long> busyChats) throws StorageException {
        return database.inTransaction(connection -> {
            Array busy = bigints(connection, busyChats);
            try (PreparedStatement renew = connection.prepareStatement(
                    "UPDATE chat_leases SET expires_at = " + NOW + " + ? WHERE owner = ? AND chat_id = ANY (?) RETURNING chat_id");
                 PreparedStatement release = connection.prepareStatement(
                         "UPDATE chat_leases SET owner = '', expires_at = 0 WHERE owner = ? AND NOT (chat_id = ANY (?))")) {
                renew.setLong(1, ttlMillis);
                renew.setString(2, owner);
                renew.setArray(3, busy);
                Set<Long> renewed = new HashSet<>();
                try (ResultSet rows = renew.executeQuery()) {
                    while (rows.next()) {
                        renewed.add(rows.getLong(1));
                    }
                }
                release.setString(1, owner);
                release.setArray(2, busy);
                release.executeUpdate();
                return renewed;
            }
        });
    }

    /**
     * Lifts this instance's claim on messages it let go of unfinished, so that whichever instance
     * leases their chat takes them again (this one included).
     */
    public void unclaim(Collection<Long> updateIds) throws StorageException {
        database.withConnection(connection -> {
            try (PreparedStatement lift = connection.prepareStatement(
                    "UPDATE inbox SET claimed_by = NULL WHERE claimed_by = ? AND update_id = ANY (?)")) {
                lift.setString(1, owner);
                lift.setArray(2, bigints(connection, updateIds));
                return lift.executeUpdate();
            }
        });
    }

    private static Array bigints(Connection connection, Collection<Long> ids) throws SQLException {
        return connection.createArrayOf("bigint", ids.toArray(new Long[0]));
    }
}
