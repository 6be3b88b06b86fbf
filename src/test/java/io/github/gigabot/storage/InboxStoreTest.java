package io.github.gigabot.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxStoreTest {

    @TempDir
    Path dir;

    private Database database;
    private InboxStore store;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(dir);
        store = new InboxStore(database, Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    private static InboxStore.Entry entry(long id, long chat) {
        return new InboxStore.Entry(id, chat, "{\"id\":" + id + ",\"text\":\"Привет 👋\"}");
    }

    @Test
    void storesABatchAndReturnsOnlyWhatIsNew() throws Exception {
        assertEquals(List.of(entry(1, 10), entry(2, 20)), store.add(List.of(entry(1, 10), entry(2, 20))));
        assertEquals(List.of(entry(3, 10)), store.add(List.of(entry(2, 20), entry(3, 10), entry(1, 10))));
        assertEquals(List.of(entry(1, 10), entry(2, 20), entry(3, 10)), store.pending(Long.MIN_VALUE, 1000));
    }

    @Test
    void answeredAndParkedEntriesAreNotPendingAndNotStoredAgain() throws Exception {
        store.add(List.of(entry(5, 1), entry(3, 1), entry(4, 2)));
        store.markDone(3);
        store.park(4);

        assertEquals(List.of(entry(5, 1)), store.pending(Long.MIN_VALUE, 1000));
        assertEquals(List.of(), store.add(List.of(entry(3, 1), entry(4, 2))), "a redelivered update is not new");
    }

    @Test
    void failuresAreCounted() throws Exception {
        store.add(List.of(entry(1, 1)));
        assertEquals(1, store.recordFailure(1));
        assertEquals(2, store.recordFailure(1));
        assertEquals(2, store.pending(Long.MIN_VALUE, 1000).get(0).attempts());
        assertEquals(0, store.recordFailure(999), "unknown id");
    }

    @Test
    void survivesReopening() throws Exception {
        store.add(List.of(entry(1, 1), entry(2, 1)));
        store.markDone(1);
        database.close();
        database = Database.open(dir);
        assertEquals(List.of(entry(2, 1)), new InboxStore(database, Clock.systemUTC()).pending(Long.MIN_VALUE, 1000));
    }

    @Test
    void purgeForgetsOnlyOldAnsweredEntries() throws Exception {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        InboxStore early = new InboxStore(database, Clock.fixed(start, ZoneOffset.UTC));
        early.add(List.of(entry(1, 1), entry(2, 1), entry(3, 1)));
        early.markDone(1);
        early.park(2);
        new InboxStore(database, Clock.fixed(start.plus(Duration.ofHours(47)), ZoneOffset.UTC)).add(List.of(entry(9, 1)));
        new InboxStore(database, Clock.fixed(start.plus(Duration.ofHours(47)), ZoneOffset.UTC)).markDone(9);
        InboxStore later = new InboxStore(database, Clock.fixed(start.plus(Duration.ofDays(2)), ZoneOffset.UTC));

        assertEquals(1, later.purgeDone(Duration.ofDays(1)));
        assertEquals(List.of(entry(3, 1)), later.pending(Long.MIN_VALUE, 1000));
        assertEquals(List.of(), later.add(List.of(entry(2, 1))), "parked entries are kept");
        assertEquals(List.of(entry(1, 1)), later.add(List.of(entry(1, 1))), "forgotten after a day");
        assertEquals(List.of(), later.add(List.of(entry(9, 1))), "answered an hour ago: still remembered");
    }

    @Test
    void pendingIsReadAPageAtATimeInOrder() throws Exception {
        for (int id = 1; id <= 7; id++) {
            store.add(List.of(entry(id, id % 2)));
        }
        store.markDone(4);

        assertEquals(List.of(entry(1, 1), entry(2, 0), entry(3, 1)), store.pending(Long.MIN_VALUE, 3));
        assertEquals(List.of(entry(5, 1), entry(6, 0), entry(7, 1)), store.pending(3, 3), "the answered one is skipped");
        assertEquals(List.of(), store.pending(7, 3));
    }

    @Test
    void aStoredAnswerStaysUntilTheEntryIsFinished() throws Exception {
        store.add(List.of(entry(1, 1), entry(2, 1)));
        store.saveAnswer(1, "{\"v\":1,\"parts\":[\"ответ 👋\"]}");

        assertEquals("{\"v\":1,\"parts\":[\"ответ 👋\"]}", store.pending(Long.MIN_VALUE, 10).get(0).answer());
        assertEquals(null, store.pending(Long.MIN_VALUE, 10).get(1).answer());
        store.markDone(1);
        assertEquals(List.of(entry(2, 1)), store.pending(Long.MIN_VALUE, 10));
        int kept = database.withConnection(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM inbox WHERE answer IS NOT NULL")) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        });
        assertEquals(0, kept, "a delivered answer is not kept");
    }
}
