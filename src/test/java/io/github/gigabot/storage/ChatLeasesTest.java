package io.github.gigabot.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.github.gigabot.chat.History;
import io.github.gigabot.chat.TokenUsage;
import io.github.gigabot.fakes.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Leases and claims on a real PostgreSQL server, as two instances sharing it would use them. */
class ChatLeasesTest {

    private Database database;
    private InboxStore inbox;

    @BeforeEach
    void connect() throws Exception {
        PostgresServer server = PostgresServer.shared();
        database = Database.connect(server.jdbcUrl(server.createDatabase()), server.user(), server.password());
        inbox = new InboxStore(database, Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    private ChatLeases instance(String name, Duration ttl) {
        return new ChatLeases(database, name, ttl);
    }

    /** Claims every 50 ms until something is taken (a lease ran out), for at most 10 s. */
    private static List<InboxStore.Entry> claimOnceFree(ChatLeases instance) throws Exception {
        long start = System.nanoTime();
        List<InboxStore.Entry> taken;
        do {
            Thread.sleep(50);
            taken = instance.claim(100, 100);
        } while (taken.isEmpty() && System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
        return taken;
    }

    private static List<Long> ids(List<InboxStore.Entry> entries) {
        return entries.stream().map(InboxStore.Entry::updateId).toList();
    }

    @Test
    void aChatGoesToOneInstanceWithAllItsMessagesInOrder() throws Exception {
        inbox.add(List.of(new InboxStore.Entry(3, 10, "a"), new InboxStore.Entry(1, 10, "b"), new InboxStore.Entry(2, 20, "c")));
        ChatLeases a = instance("a", Duration.ofMinutes(1));
        ChatLeases b = instance("b", Duration.ofMinutes(1));

        assertEquals(List.of(1L, 2L, 3L), ids(a.claim(100, 100)), "a leased both chats and took their messages, oldest first");
        assertEquals(List.of(), b.claim(100, 100), "b finds nothing free");
        assertEquals(List.of(), a.claim(100, 100), "a does not take what it took already");

        inbox.add(List.of(new InboxStore.Entry(4, 10, "d"), new InboxStore.Entry(5, 30, "e")));
        assertEquals(List.of(5L), ids(b.claim(100, 100)), "b takes the new chat, not a's");
        assertEquals(List.of(4L), ids(a.claim(100, 100)), "a takes its chat's new message");
    }

    @Test
    void aPageIsTheOldestMessagesAndTheRestFollow() throws Exception {
        for (long id = 1; id <= 5; id++) {
            inbox.add(List.of(new InboxStore.Entry(id, 10, "m" + id)));
        }
        ChatLeases a = instance("a", Duration.ofMinutes(1));
        assertEquals(List.of(1L, 2L), ids(a.claim(2, 100)));
        assertEquals(List.of(3L, 4L), ids(a.claim(2, 100)));
        assertEquals(List.of(5L), ids(a.claim(2, 100)));
    }

    @Test
    void idleChatsAreLetGoAndBusyOnesKept() throws Exception {
        inbox.add(List.of(new InboxStore.Entry(1, 10, "a"), new InboxStore.Entry(2, 20, "b")));
        ChatLeases a = instance("a", Duration.ofMinutes(1));
        ChatLeases b = instance("b", Duration.ofMinutes(1));
        a.claim(100, 100);
        inbox.markDone(2);

        a.heartbeat(Set.of(10L));
        inbox.add(List.of(new InboxStore.Entry(3, 10, "c"), new InboxStore.Entry(4, 20, "d")));

        assertEquals(List.of(4L), ids(b.claim(100, 100)), "chat 20 was let go, chat 10 is still a's");
        a.heartbeat(Set.of());
        assertEquals(List.of(1L, 3L), ids(b.claim(100, 100)), "after a stops, b takes chat 10 with what a never finished");
    }

    @Test
    void theLeaseOfAnInstanceThatStoppedRenewingRunsOut() throws Exception {
        inbox.add(List.of(new InboxStore.Entry(1, 10, "a")));
        ChatLeases dying = instance("dying", Duration.ofMillis(300));
        ChatLeases survivor = instance("survivor", Duration.ofMinutes(1));
        assertEquals(List.of(1L), ids(dying.claim(100, 100)));
        assertEquals(List.of(), survivor.claim(100, 100));

        List<InboxStore.Entry> taken = claimOnceFree(survivor);
        assertEquals(List.of(1L), ids(taken), "the survivor took the message over");
        assertEquals("a", taken.get(0).payload());
    }

    @Test
    void aHeartbeatKeepsALeaseAlive() throws Exception {
        inbox.add(List.of(new InboxStore.Entry(1, 10, "a")));
        ChatLeases a = instance("a", Duration.ofMillis(500));
        ChatLeases b = instance("b", Duration.ofMinutes(1));
        a.claim(100, 100);
        for (int i = 0; i < 10; i++) {
            Thread.sleep(100);
            a.heartbeat(Set.of(10L));
            assertEquals(List.of(), b.claim(100, 100), "still a's after " + (i + 1) * 100 + " ms");
        }
    }

    @Test
    void aHeartbeatTellsWhichBusyChatsAreStillLeasedHere() throws Exception {
        inbox.add(List.of(new InboxStore.Entry(1, 10, "a"), new InboxStore.Entry(2, 20, "b")));
        ChatLeases slow = instance("slow", Duration.ofMillis(200));
        ChatLeases other = instance("other", Duration.ofMinutes(1));
        assertEquals(List.of(1L, 2L), ids(slow.claim(100, 100)));
        assertEquals(Set.of(10L, 20L), slow.heartbeat(Set.of(10L, 20L, 30L)), "30 was never leased here");

        List<InboxStore.Entry> taken = claimOnceFree(other);
        assertEquals(List.of(1L, 2L), ids(taken), "both leases ran out and were taken over");
        other.heartbeat(Set.of(10L));

        assertEquals(Set.of(), slow.heartbeat(Set.of(10L, 20L)),
                "10 is other's now; 20 was let go by other, but a lease once lost is not renewed");
    }

    @Test
    void aLiftedClaimLetsTheMessageBeTakenAgainByWhoeverLeasesItsChat() throws Exception {
        inbox.add(List.of(new InboxStore.Entry(1, 10, "a"), new InboxStore.Entry(2, 10, "b")));
        ChatLeases a = instance("a", Duration.ofMinutes(1));
        ChatLeases b = instance("b", Duration.ofMinutes(1));
        assertEquals(List.of(1L, 2L), ids(a.claim(100, 100)));
        assertEquals(List.of(), a.claim(100, 100), "a does not take again what it holds");

        a.unclaim(List.of(2L));
        b.unclaim(List.of(1L));

        assertEquals(List.of(2L), ids(a.claim(100, 100)), "lifted by a, so taken again; b cannot lift a's claim");
        a.unclaim(List.of());
        a.unclaim(List.of(999L));
        assertEquals(List.of(), b.claim(100, 100), "chat 10 is still a's");
    }

    @Test
    void aBusyInstanceLeasesOnlyAsManyNewChatsAsItIsAskedToAndTheLongestWaitingFirst() throws Exception {
        inbox.add(List.of(new InboxStore.Entry(5, 30, "a"), new InboxStore.Entry(1, 20, "b"), new InboxStore.Entry(3, 10, "c")));
        ChatLeases a = instance("a", Duration.ofMinutes(1));
        assertEquals(List.of(1L), ids(a.claim(100, 1)), "chat 20 waited longest");
        assertEquals(List.of(), a.claim(100, 0), "no new chats");
        assertEquals(List.of(3L, 5L), ids(instance("b", Duration.ofMinutes(1)).claim(100, 2)));
    }

    @Test
    void finishedAndParkedMessagesAreNotClaimed() throws Exception {
        inbox.add(List.of(new InboxStore.Entry(1, 10, "a"), new InboxStore.Entry(2, 10, "b"), new InboxStore.Entry(3, 10, "c")));
        inbox.markDone(1);
        inbox.park(2);
        assertEquals(List.of(3L), ids(instance("a", Duration.ofMinutes(1)).claim(100, 100)));
    }

    @Test
    void twoInstancesClaimingAtOnceNeverShareAChat() throws Exception {
        for (long id = 1; id <= 200; id++) {
            inbox.add(List.of(new InboxStore.Entry(id, id % 20, "m" + id)));
        }
        ChatLeases a = instance("a", Duration.ofMinutes(1));
        ChatLeases b = instance("b", Duration.ofMinutes(1));
        java.util.concurrent.ConcurrentHashMap<Long, String> chatOwner = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.ConcurrentHashMap<Long, String> messageOwner = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        // Both begin together: on a busy machine one thread could otherwise be done before the other starts.
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        List<java.util.concurrent.Future<?>> done = List.of(
                threads.submit(() -> {
                    together.await();
                    return claimAll(a, "a", chatOwner, messageOwner);
                }),
                threads.submit(() -> {
                    together.await();
                    return claimAll(b, "b", chatOwner, messageOwner);
                }));
        for (java.util.concurrent.Future<?> future : done) {
            future.get();
        }
        threads.shutdown();
        assertEquals(200, messageOwner.size(), "every message taken once");
        for (var entry : messageOwner.entrySet()) {
            assertEquals(chatOwner.get(entry.getKey() % 20), entry.getValue(), "message " + entry.getKey() + " went with its chat");
        }
        assertEquals(20, chatOwner.size());
        assertEquals(10, chatOwner.values().stream().filter("a"::equals).count(), "each instance got its share: " + chatOwner);
    }

    private static Void claimAll(ChatLeases leases, String name, java.util.Map<Long, String> chatOwner,
                                 java.util.Map<Long, String> messageOwner) throws Exception {
        // Each round takes what this instance has leased and up to 3 new chats, until nothing is left.
        // At most 10 chats each, so the other instance must take the rest however the threads are scheduled.
        java.util.Set<Long> leased = new java.util.HashSet<>();
        for (int emptyRounds = 0; emptyRounds < 3; ) {
            List<InboxStore.Entry> claimed = leases.claim(7, Math.min(3, 10 - leased.size()));
            emptyRounds = claimed.isEmpty() ? emptyRounds + 1 : 0;
            for (InboxStore.Entry entry : claimed) {
                leased.add(entry.chatId());
                String earlier = chatOwner.putIfAbsent(entry.chatId(), name);
                assertTrue(earlier == null || earlier.equals(name), "chat " + entry.chatId() + " claimed by both");
                assertEquals(null, messageOwner.putIfAbsent(entry.updateId(), name), "message " + entry.updateId() + " taken twice");
            }
        }
        return null;
    }

    @Test
    void storesSpeakTheSameSqlOnPostgres() throws Exception {
        UsageStore usage = new UsageStore(database);
        java.time.LocalDate day = java.time.LocalDate.of(2026, 11, 25);
        usage.add(day, -1001234567890L, 42, new TokenUsage(10, 5, 15));
        usage.add(day, -1001234567890L, 42, new TokenUsage(1, 2, 3));
        assertEquals(18, usage.userTotal(42, day, day));
        assertEquals(18, usage.chatTotal(-1001234567890L, day, day));

        ChatSettingsStore settings = new ChatSettingsStore(database);
        settings.setTemperature(-1001234567890L, 0.7);
        settings.setModel(-1001234567890L, "GigaChat-2-Max");
        assertEquals(0.7, settings.temperature(-1001234567890L).getAsDouble(), 0.0, "a double, not a float");
        assertEquals("GigaChat-2-Max", settings.model(-1001234567890L).orElseThrow());

        HistoryStore history = new HistoryStore(database);
        history.append(5, null, List.of(new History.Turn("user", "Привет 👋", List.of("f1"), 10),
                new History.Turn("assistant", "Здравствуйте")), 10);
        History.Forgotten forgotten = history.append(5, null, List.of(new History.Turn("user", "ещё"),
                new History.Turn("assistant", "да")), 2);
        assertEquals(new History.Forgotten(2, List.of("f1")), forgotten);
        assertEquals(List.of("ещё", "да"), history.recent(5, null, 10).stream().map(History.Turn::content).toList());

        assertEquals(1, inbox.add(List.of(new InboxStore.Entry(Long.MAX_VALUE - 1, 1, "x"))).size());
        assertEquals(0, inbox.add(List.of(new InboxStore.Entry(Long.MAX_VALUE - 1, 1, "x"))).size(), "stored once");
        assertEquals(1, inbox.recordFailure(Long.MAX_VALUE - 1));
        assertEquals(1, inbox.pendingCount());
        database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
                return statement.execute();
            }
        });
    }
}
