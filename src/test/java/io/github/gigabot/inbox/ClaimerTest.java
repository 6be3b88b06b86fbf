package io.github.gigabot.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.gigabot.chat.ChatType;
import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.chat.Reply;
import io.github.gigabot.chat.Screening;
import io.github.gigabot.dispatch.ChatQueues;
import io.github.gigabot.fakes.Conditions;
import io.github.gigabot.fakes.PostgresServer;
import io.github.gigabot.metrics.BotMetrics;
import io.github.gigabot.storage.ChatLeases;
import io.github.gigabot.storage.Database;
import io.github.gigabot.storage.InboxStore;
import io.github.gigabot.time.Backoff;
import io.github.gigabot.time.Scheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Claiming on a real PostgreSQL server: what happens to the chats an instance holds when its leases run out. */
class ClaimerTest {

    private Database database;
    private Inbox inbox;
    private final List<ChatQueues> queues = new ArrayList<>();
    private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    private final List<String> asked = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void connect() throws Exception {
        PostgresServer server = PostgresServer.shared();
        database = Database.connect(server.jdbcUrl(server.createDatabase()), server.user(), server.password());
        inbox = new Inbox(new InboxStore(database, Clock.systemUTC()));
    }

    @AfterEach
    void close() throws Exception {
        for (ChatQueues q : queues) {
            q.shutdown(Duration.ofSeconds(5));
        }
        database.close();
    }

    private static IncomingMessage message(long updateId, long chatId, String text) {
        return new IncomingMessage(updateId, chatId, ChatType.PRIVATE, null, (int) updateId, chatId, "ru", text, List.of(), false);
    }

    /**
     * An instance: its leases in the database, its book on the given clock, a handler that waits
     * for {@code go} (except for questions starting "быстро").
     */
    private record Instance(Claimer claimer, Delivery delivery) {
        void claimOnce() throws Exception {
            claimer.claimOnce();
        }
    }

    private Instance instance(String name, Duration ttl, LeaseBook book, CountDownLatch go) {
        return instance(name, ttl, book, go, 4);
    }

    private Instance instance(String name, Duration ttl, LeaseBook book, CountDownLatch go, int maxChats) {
        return instance(name, ttl, book, go, maxChats, Duration.ofMillis(50));
    }

    private Instance instance(String name, Duration ttl, LeaseBook book, CountDownLatch go, int maxChats, Duration interval) {
        ChatQueues q = new ChatQueues(Executors.newFixedThreadPool(2), Scheduler.using(Executors.newSingleThreadScheduledExecutor()));
        queues.add(q);
        Delivery.Handler handler = new Delivery.Handler() {
            @Override
            public Screening screen(IncomingMessage m) {
                return new Screening(true, List.of());
            }

            @Override
            public List<Reply> answer(IncomingMessage m) {
                asked.add(name + ":" + m.text());
                try {
                    assertTrue(m.text().startsWith("быстро") || go.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of(new Reply(m.chatId(), null, null, m.text()));
            }

            @Override
            public Reply apology(IncomingMessage m) {
                return new Reply(m.chatId(), null, null, "извините");
            }

            @Override
            public Reply queueFull(IncomingMessage m) {
                return new Reply(m.chatId(), null, null, "полно");
            }
        };
        Delivery delivery = new Delivery(inbox, q, Scheduler.using(Executors.newSingleThreadScheduledExecutor()), pause -> { },
                handler, parts -> {
                    parts.forEach(p -> delivered.add(name + ":" + p.text()));
                    return parts.size();
                }, new Delivery.Policy(500, new Backoff(Duration.ofMillis(10), Duration.ofMillis(20)), new Backoff(Duration.ofMillis(10), Duration.ofMillis(10))), BotMetrics.none(), book);
        return new Instance(new Claimer(inbox, new ChatLeases(database, name, ttl), book, delivery, maxChats, interval),
                delivery);
    }

    @Test
    void anAnswerIsNotSentOnceTheChatWasTakenOverAndTheNewHolderAnswersIt() throws Exception {
        inbox.admit(List.of(message(1, 10, "вопрос")));
        CountDownLatch slowModel = new CountDownLatch(1);
        // slow's own book would trust its lease for a minute: only the renewal's answer can tell it the chat is gone.
        Instance slow = instance("slow", Duration.ofMillis(300), new LeaseBook(Duration.ofMinutes(1), System::nanoTime), slowModel);
        Instance other = instance("other", Duration.ofMinutes(1), new LeaseBook(Duration.ofMinutes(1), System::nanoTime),
                new CountDownLatch(0));

        slow.claimOnce();
        Conditions.await(() -> asked.contains("slow:вопрос"), "slow asks its model");
        // slow stops renewing (a long pause, a lost connection): its lease runs out and other takes the chat.
        Conditions.await(() -> {
            try {
                other.claimOnce();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return delivered.contains("other:вопрос");
        }, "other answers");
        slow.claimOnce();
        slowModel.countDown();
        Conditions.await(() -> slow.delivery().busyChats().isEmpty(), "slow lets the message go");

        assertEquals(List.of("other:вопрос"), delivered, "answered once, by the instance that holds the chat");
        slow.claimOnce();
        assertEquals(List.of(), inbox.unfinished(Long.MIN_VALUE, 10));
    }

    @Test
    void aMessageLetGoWhileItsLeaseWasUnconfirmedIsTakenAgainAndAnsweredOnce() throws Exception {
        inbox.admit(List.of(message(1, 10, "первый"), message(2, 10, "второй")));
        AtomicLong nanos = new AtomicLong();
        CountDownLatch model = new CountDownLatch(1);
        Instance claimer = instance("a", Duration.ofMinutes(1), new LeaseBook(Duration.ofSeconds(10), nanos::get), model);

        claimer.claimOnce();
        Conditions.await(() -> asked.size() == 1, "the first message is being answered");
        // No confirmation for longer than the book trusts (the database was out of reach, say).
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        model.countDown();
        Conditions.await(() -> claimer.delivery().busyChats().isEmpty(), "both let go unanswered");
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        claimer.claimOnce();
        Conditions.await(() -> delivered.size() == 2, "answered after all");

        assertEquals(List.of("a:первый", "a:второй"), delivered, "in order, each once");
    }

    private long count(String sql) throws Exception {
        return database.withConnection(connection -> {
            try (var rows = connection.createStatement().executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    @Test
    void runningItFindsWorkWhenWokenAndClosingHandsEveryChatOver() throws Exception {
        Instance a = instance("a", Duration.ofMinutes(1), new LeaseBook(Duration.ofMinutes(1), System::nanoTime), new CountDownLatch(0));
        a.claimer().start();
        inbox.admit(List.of(message(1, 10, "раз"), message(2, 20, "два")));
        a.claimer().wake();
        Conditions.await(() -> delivered.size() == 2, "both answered");
        assertEquals(List.of("a:раз", "a:два"), delivered.stream().sorted(java.util.Comparator.reverseOrder()).toList());

        inbox.admit(List.of(message(3, 30, "три")));
        Conditions.await(() -> delivered.size() == 3, "found without a wake-up, at the next interval");
        Conditions.await(() -> a.delivery().busyChats().isEmpty(), "idle");
        a.claimer().close();

        assertEquals(0, count("SELECT COUNT(*) FROM chat_leases WHERE owner <> ''"), "no chat left leased");
        assertEquals(0, count("SELECT COUNT(*) FROM inbox WHERE state = 'pending'"));
    }

    @Test
    void aFullPageIsFollowedByAnotherAtOnce() throws Exception {
        List<IncomingMessage> many = new ArrayList<>();
        for (int id = 1; id <= Claimer.PAGE + 5; id++) {
            many.add(message(id, 10, "м" + id));
        }
        inbox.admit(many);
        Instance a = instance("a", Duration.ofMinutes(1), new LeaseBook(Duration.ofMinutes(1), System::nanoTime), new CountDownLatch(1));

        assertTrue(a.claimer().claimOnce(), "a full page: more may wait");
        org.junit.jupiter.api.Assertions.assertFalse(a.claimer().claimOnce(), "the rest");
        org.junit.jupiter.api.Assertions.assertFalse(a.claimer().claimOnce(), "nothing left");
        assertEquals(Claimer.PAGE + 5, count("SELECT COUNT(*) FROM inbox WHERE claimed_by = 'a'"));
    }

    @Test
    void aBusyInstanceLeavesNewChatsToTheOthers() throws Exception {
        inbox.admit(List.of(message(1, 10, "первый чат"), message(2, 20, "второй чат")));
        CountDownLatch model = new CountDownLatch(1);
        Instance a = instance("a", Duration.ofMinutes(1), new LeaseBook(Duration.ofMinutes(1), System::nanoTime), model, 1);

        a.claimOnce();
        Conditions.await(() -> asked.size() == 1, "answering one chat");
        a.claimOnce();
        assertEquals(1, asked.size(), "one worker, busy: no second chat");
        assertEquals(1, count("SELECT COUNT(*) FROM chat_leases WHERE owner = 'a'"));

        model.countDown();
        Conditions.await(() -> delivered.size() == 1 && a.delivery().busyChats().isEmpty(), "free again");
        a.claimOnce();
        Conditions.await(() -> delivered.size() == 2, "then the second chat");
    }

    @Test
    void closingKeepsTheLeaseOfAChatStillInHand() throws Exception {
        inbox.admit(List.of(message(1, 10, "не закончен"), message(2, 20, "быстро")));
        CountDownLatch model = new CountDownLatch(1);
        Instance a = instance("a", Duration.ofMinutes(1), new LeaseBook(Duration.ofMinutes(1), System::nanoTime), model);
        a.claimOnce();
        Conditions.await(() -> delivered.equals(List.of("a:быстро")) && a.delivery().busyChats().equals(java.util.Set.of(10L)),
                "chat 20 answered, chat 10 in hand");

        a.claimer().close();

        assertEquals(1, count("SELECT COUNT(*) FROM chat_leases WHERE owner = 'a' AND chat_id = 10"), "kept until it runs out");
        assertEquals(0, count("SELECT COUNT(*) FROM chat_leases WHERE owner = 'a' AND chat_id = 20"), "the idle chat was let go");
        model.countDown();
    }

    @Test
    void aWakeUpFindsWorkAtOnceAndClosingDoesNotWaitForTheInterval() throws Exception {
        Instance a = instance("a", Duration.ofMinutes(1), new LeaseBook(Duration.ofMinutes(1), System::nanoTime), new CountDownLatch(0),
                4, Duration.ofMinutes(10));
        a.claimer().start();

        inbox.admit(List.of(message(1, 10, "сейчас")));
        a.claimer().wake();
        Conditions.await(() -> delivered.size() == 1, "answered long before the ten-minute interval");
        inbox.admit(List.of(message(2, 10, "снова")));
        a.claimer().wake();
        Conditions.await(() -> delivered.size() == 2, "every wake-up counts");

        long closing = System.nanoTime();
        a.claimer().close();
        assertTrue(System.nanoTime() - closing < java.util.concurrent.TimeUnit.SECONDS.toNanos(3), "closed without waiting");
        assertEquals(List.of("a:сейчас", "a:снова"), delivered);
    }
}
