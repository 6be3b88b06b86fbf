package io.github.gigabot.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import io.github.gigabot.chat.ChatType;
import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.chat.TextEntity;
import io.github.gigabot.dispatch.ChatQueues;
import io.github.gigabot.storage.Database;
import io.github.gigabot.storage.InboxStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery with the real SQLite inbox and real queues; the handler is a lambda that records. */
class DeliveryTest {

    @TempDir
    Path dir;

    private Database database;
    private Inbox inbox;
    private ScheduledExecutorService scheduler;
    private final List<String> handled = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void open() throws Exception {
        database = Database.open(dir);
        inbox = new Inbox(new InboxStore(database, Clock.systemUTC()));
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void close() throws Exception {
        scheduler.shutdownNow();
        database.close();
    }

    private static IncomingMessage message(long updateId, long chatId, String text) {
        return new IncomingMessage(updateId, chatId, ChatType.PRIVATE, null, (int) updateId, chatId, "ru", text,
                List.of(new TextEntity("bold", 0, 1)), false);
    }

    private final List<Long> givenUp = Collections.synchronizedList(new ArrayList<>());

    private Delivery delivery(ChatQueues queues, Consumer<IncomingMessage> handler) {
        return new Delivery(inbox, queues, scheduler, handler, m -> givenUp.add(m.updateId()), Duration.ofMillis(20));
    }

    private static ChatQueues queues() {
        return new ChatQueues(Executors.newFixedThreadPool(4));
    }

    private void awaitHandled(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (handled.size() < count) {
            assertTrue(System.nanoTime() < deadline, "handled so far: " + handled);
            Thread.sleep(10);
        }
    }

    @Test
    void admittedMessagesAreHandledAndMarkedDone() throws Exception {
        ChatQueues queues = queues();
        Delivery delivery = delivery(queues, m -> handled.add(m.text()));

        delivery.admit(List.of(message(1, 10, "один"), message(2, 10, "два 👋"), message(3, 20, "три")));
        awaitHandled(3);
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of("один", "два 👋"), handled.stream().filter(t -> !t.equals("три")).toList(), "chat order kept");
        assertEquals(List.of(), inbox.unfinished());
    }

    @Test
    void aRedeliveredUpdateIsNotHandledTwice() throws Exception {
        ChatQueues queues = queues();
        Delivery delivery = delivery(queues, m -> handled.add(m.text()));

        delivery.admit(List.of(message(1, 10, "один")));
        awaitHandled(1);
        delivery.admit(List.of(message(1, 10, "один"), message(2, 10, "два")));
        awaitHandled(2);
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of("один", "два"), handled);
    }

    @Test
    void unfinishedMessagesAreRecoveredInOrderExactlyAsStored() throws Exception {
        inbox.admit(List.of(message(7, 10, "первый"), message(8, 20, "другой чат"), message(9, 10, "второй")));
        inbox.done(8);

        ChatQueues queues = queues();
        assertEquals(2, delivery(queues, m -> handled.add(m.updateId() + ":" + m.text() + ":" + m.entities())).recover());
        awaitHandled(2);
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of("7:первый:[TextEntity[type=bold, offset=0, length=1]]",
                "9:второй:[TextEntity[type=bold, offset=0, length=1]]"), handled);
    }

    @Test
    void aPoisonedMessageIsRetriedThenParkedWithoutBlockingAnyone() throws Exception {
        ChatQueues queues = queues();
        List<Long> attempts = Collections.synchronizedList(new ArrayList<>());
        Delivery delivery = delivery(queues, m -> {
            if (m.text().equals("яд")) {
                attempts.add(m.updateId());
                throw new IllegalStateException("always fails");
            }
            handled.add(m.text());
        });

        delivery.admit(List.of(message(1, 10, "яд"), message(2, 10, "после яда"), message(3, 20, "другой чат")));
        awaitHandled(2);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (attempts.size() < Delivery.MAX_ATTEMPTS || !inbox.unfinished().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "attempts: " + attempts);
            Thread.sleep(10);
        }
        Thread.sleep(200);
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(Delivery.MAX_ATTEMPTS, attempts.size(), "retried, then no more");
        assertEquals(List.of(1L), givenUp, "the user is told once");
        assertTrue(handled.containsAll(List.of("после яда", "другой чат")));
        assertEquals(List.of(), inbox.unfinished(), "parked, so not recovered at the next start");
    }

    @Test
    void anUnreadableStoredEntryIsParked() throws Exception {
        new InboxStore(database, Clock.systemUTC()).add(List.of(new InboxStore.Entry(5, 10, "{not json", 0)));
        inbox.admit(List.of(message(6, 10, "ok")));

        ChatQueues queues = queues();
        delivery(queues, m -> handled.add(m.text())).recover();
        awaitHandled(1);
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of("ok"), handled);
        assertEquals(List.of(), inbox.unfinished());
    }

    @Test
    void messagesLeftWhenStoppingStayForTheNextStart() throws Exception {
        ChatQueues queues = queues();
        queues.shutdown(Duration.ofSeconds(1));
        delivery(queues, m -> handled.add(m.text())).admit(List.of(message(1, 10, "поздно")));

        assertEquals(List.of(), handled);
        assertEquals(1, inbox.unfinished().size());
    }
}
