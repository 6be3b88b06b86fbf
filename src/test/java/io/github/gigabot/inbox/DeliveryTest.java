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
import io.github.gigabot.chat.Reply;
import io.github.gigabot.chat.Screening;
import io.github.gigabot.chat.TextEntity;
import io.github.gigabot.dispatch.ChatQueues;
import io.github.gigabot.fakes.Conditions;
import io.github.gigabot.metrics.BotMetrics;
import io.github.gigabot.storage.Database;
import io.github.gigabot.storage.InboxStore;
import io.github.gigabot.time.Backoff;
import io.github.gigabot.time.Scheduler;
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

    /** Which chats this instance may answer: all, unless a test takes some away. */
    private volatile Delivery.Tenure tenure = Delivery.Tenure.SOLE;

    /** A tenure that holds the chats {@code held} accepts, under one lease each. */
    private static Delivery.Tenure holding(java.util.function.LongPredicate held) {
        return new Delivery.Tenure() {
            @Override
            public long lease(long chatId) {
                return 1;
            }

            @Override
            public boolean holds(long chatId, long lease) {
                return lease == 1 && held.test(chatId);
            }
        };
    }

    private final List<Long> givenUp = Collections.synchronizedList(new ArrayList<>());
    private final List<Reply> delivered = Collections.synchronizedList(new ArrayList<>());
    private final List<Duration> storePauses = Collections.synchronizedList(new ArrayList<>());

    /** Admits everything, answers with the handler (which records), delivers every part. */
    private Delivery delivery(ChatQueues queues, Consumer<IncomingMessage> handler) {
        return delivery(queues, handler, parts -> {
            delivered.addAll(parts);
            return parts.size();
        }, 20);
    }

    private Delivery delivery(ChatQueues queues, Consumer<IncomingMessage> handler, Delivery.Outbox outbox, int maxPending) {
        return new Delivery(inbox, queues, Scheduler.using(scheduler), storePauses::add, handler(handler), outbox,
                new Delivery.Policy(maxPending, new Backoff(Duration.ofMillis(20), Duration.ofMillis(40)), new Backoff(Duration.ofMillis(10), Duration.ofMillis(40))), BotMetrics.none(), tenure);
    }

    /**
     * Turns away "чужой…" with a notice and "шум…" quietly, admits the rest; answers with the
     * handler (which records) and "ответ: " + the text.
     */
    private Delivery.Handler handler(Consumer<IncomingMessage> handler) {
        return new Delivery.Handler() {
            @Override
            public Screening screen(IncomingMessage m) {
                return m.text().startsWith("чужой") ? new Screening(false, List.of(reply(m, "нельзя")))
                        : m.text().startsWith("шум") ? new Screening(false, List.of()) : new Screening(true, List.of());
            }

            @Override
            public List<Reply> answer(IncomingMessage m) {
                handler.accept(m);
                return List.of(reply(m, "ответ: " + m.text()));
            }

            @Override
            public Reply apology(IncomingMessage m) {
                givenUp.add(m.updateId());
                return reply(m, "извините");
            }

            @Override
            public Reply queueFull(IncomingMessage m) {
                return reply(m, "очередь полна");
            }
        };
    }

    private static Reply reply(IncomingMessage m, String text) {
        return new Reply(m.chatId(), null, null, text);
    }

    private List<Inbox.Unfinished> unfinished() throws Exception {
        return inbox.unfinished(Long.MIN_VALUE, 10_000);
    }

    private static ChatQueues queues() {
        return new ChatQueues(Executors.newFixedThreadPool(4), Scheduler.using(Executors.newSingleThreadScheduledExecutor()));
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
        assertEquals(List.of(), unfinished());
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
        while (attempts.size() < Delivery.MAX_ATTEMPTS || !unfinished().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "attempts: " + attempts);
            Thread.sleep(10);
        }
        Thread.sleep(200);
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(Delivery.MAX_ATTEMPTS, attempts.size(), "retried, then no more");
        assertEquals(List.of(1L), givenUp, "the user is told once");
        assertTrue(handled.containsAll(List.of("после яда", "другой чат")));
        assertEquals(List.of(), unfinished(), "parked, so not recovered at the next start");
    }

    @Test
    void anUnreadableStoredEntryIsParked() throws Exception {
        new InboxStore(database, Clock.systemUTC()).add(List.of(new InboxStore.Entry(5, 10, "{not json")));
        inbox.admit(List.of(message(6, 10, "ok")));

        ChatQueues queues = queues();
        delivery(queues, m -> handled.add(m.text())).recover();
        awaitHandled(1);
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of("ok"), handled);
        assertEquals(List.of(), unfinished());
    }

    @Test
    void messagesLeftWhenStoppingStayForTheNextStart() throws Exception {
        ChatQueues queues = queues();
        queues.shutdown(Duration.ofSeconds(1));
        Delivery delivery = delivery(queues, m -> handled.add(m.text()));
        delivery.admit(List.of(message(1, 10, "поздно")));

        assertEquals(List.of(), handled);
        assertEquals(1, unfinished().size());
        assertEquals(java.util.Set.of(), delivery.busyChats(), "not held by an instance that stops");
    }

    @Test
    void aFloodFromOneChatIsBoundedAndAnsweredInOrderAfter() throws Exception {
        ChatQueues queues = queues();
        java.util.concurrent.CountDownLatch modelBack = new java.util.concurrent.CountDownLatch(1);
        Delivery delivery = delivery(queues, m -> {
            try {
                modelBack.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handled.add(m.text());
        }, parts -> {
            delivered.addAll(parts);
            return parts.size();
        }, 20);
        int maxPending = 0;
        for (int batch = 0; batch < 50; batch++) {
            List<IncomingMessage> messages = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                int n = batch * 100 + i;
                messages.add(message(n, 10, "вопрос " + n));
            }
            delivery.admit(messages);
            maxPending = Math.max(maxPending, queues.pending());
        }
        delivery.admit(List.of(message(9001, 20, "другой чат")));

        assertEquals(20, maxPending, "at most bot.max-pending-per-chat messages of one chat in memory");
        assertEquals(21, unfinished().size(), "the rest were turned away and marked done");
        Conditions.await(() -> delivered.size() == 1, "one notice, however big the flood");
        assertEquals("очередь полна", delivered.get(0).text());
        modelBack.countDown();
        awaitHandled(21);
        queues.shutdown(Duration.ofSeconds(5));

        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= 20; n++) {
            expected.add("вопрос " + n);
        }
        assertEquals(expected, handled.stream().filter(t -> t.startsWith("вопрос")).toList(), "answered in order");
        assertEquals(List.of(), unfinished());
    }

    @Test
    void roomAgainMeansAnotherNoticeForTheNextOverflow() throws Exception {
        ChatQueues queues = queues();
        java.util.concurrent.Semaphore model = new java.util.concurrent.Semaphore(0);
        Delivery delivery = delivery(queues, m -> {
            model.acquireUninterruptibly();
            handled.add(m.text());
        }, parts -> {
            delivered.addAll(parts);
            return parts.size();
        }, 1);

        delivery.admit(List.of(message(1, 10, "a"), message(2, 10, "b"), message(3, 10, "c")));
        Conditions.await(() -> delivered.size() == 1, "first overflow told");
        model.release();
        awaitHandled(1);
        Conditions.await(() -> queues.pending() == 0, "drained");
        delivery.admit(List.of(message(4, 10, "d"), message(5, 10, "e")));
        Conditions.await(() -> delivered.stream().filter(r -> r.text().equals("очередь полна")).count() == 2, "second overflow told");
        model.release();
        awaitHandled(2);
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of("a", "d"), handled);
    }

    @Test
    void turnedAwayMessagesAreNeverQueuedForTheModel() throws Exception {
        ChatQueues queues = queues();
        Delivery delivery = delivery(queues, m -> handled.add(m.text()));

        delivery.admit(List.of(message(1, 10, "чужой вопрос"), message(2, 10, "шум"), message(3, 10, "свой")));
        awaitHandled(1);
        Conditions.await(() -> delivered.size() == 2, "the refusal and the answer");
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of("свой"), handled);
        assertEquals(List.of("нельзя", "ответ: свой"), delivered.stream().map(Reply::text).toList(), "in the chat's order");
        assertEquals(List.of(), unfinished());
    }

    @Test
    void anyThrowableFromHandlingIsAFailedAttemptNotAWedgedMessage() throws Exception {
        ChatQueues queues = queues();
        Delivery delivery = delivery(queues, m -> {
            if (m.text().equals("глубоко")) {
                throw new StackOverflowError();
            }
            handled.add(m.text());
        });

        delivery.admit(List.of(message(1, 10, "глубоко"), message(2, 10, "следующий")));
        awaitHandled(1);
        Conditions.await(() -> givenUp.size() == 1, "parked after its attempts, with an apology");
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of("следующий"), handled);
        assertEquals(List.of(), unfinished(), "not pending for ever");
        assertTrue(delivered.stream().anyMatch(r -> r.text().equals("извините")));
    }

    @Test
    void aBatchThatFailsToStoreForAnyReasonIsRetriedNotAcknowledged() throws Exception {
        Inbox failingOnce = org.mockito.Mockito.spy(inbox);
        org.mockito.Mockito.doThrow(new IllegalStateException("driver bug")).doCallRealMethod()
                .when(failingOnce).admit(org.mockito.ArgumentMatchers.anyList());
        inbox = failingOnce;
        ChatQueues queues = queues();

        delivery(queues, m -> handled.add(m.text())).admit(List.of(message(1, 10, "сохранись")));
        awaitHandled(1);
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of(Duration.ofMillis(500)), storePauses, "admit waited and tried again instead of returning");
        assertEquals(List.of("сохранись"), handled);
    }

    @Test
    void recoveryReadsTheInboxInPagesAndKeepsItsOrder() throws Exception {
        int count = Delivery.RECOVERY_PAGE * 2 + 50;
        List<IncomingMessage> stored = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            stored.add(message(i, 10 + i % 3, "m" + i));
        }
        inbox.admit(stored);
        Inbox counting = org.mockito.Mockito.spy(inbox);
        inbox = counting;
        ChatQueues queues = queues();

        assertEquals(count, delivery(queues, m -> handled.add(m.text()), parts -> parts.size(), 1000).recover());
        awaitHandled(count);
        queues.shutdown(Duration.ofSeconds(5));

        org.mockito.Mockito.verify(counting, org.mockito.Mockito.times(4))
                .unfinished(org.mockito.ArgumentMatchers.anyLong(), org.mockito.ArgumentMatchers.eq(Delivery.RECOVERY_PAGE));
        for (long chat = 10; chat <= 12; chat++) {
            long c = chat;
            List<Integer> order = handled.stream().map(t -> Integer.parseInt(t.substring(1))).filter(n -> 10 + n % 3 == c).toList();
            assertEquals(order.stream().sorted().toList(), order, "chat " + chat + " in order");
        }
    }

    @Test
    void aStoredAnswerIsResentAtTheNextStartWithoutAskingAgain() throws Exception {
        ChatQueues first = queues();
        java.util.concurrent.atomic.AtomicBoolean telegramDown = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        Delivery.Outbox outbox = parts -> {
            if (telegramDown.get()) {
                return 0;
            }
            parts.forEach(p -> sent.add(p.text()));
            return parts.size();
        };
        delivery(first, m -> handled.add(m.text()), outbox, 20).admit(List.of(message(1, 10, "вопрос")));
        Conditions.await(() -> {
            try {
                List<Inbox.Unfinished> left = unfinished();
                return !left.isEmpty() && !left.get(0).answer().isEmpty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "the answer was stored");
        first.shutdown(Duration.ofMillis(100));
        assertEquals(List.of("вопрос"), handled);

        telegramDown.set(false);
        ChatQueues second = queues();
        delivery(second, m -> handled.add(m.text()), outbox, 20).recover();
        Conditions.await(() -> sent.size() == 1, "resent after the restart");
        second.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of("ответ: вопрос"), sent);
        assertEquals(List.of("вопрос"), handled, "the model was asked once");
        assertEquals(List.of(), unfinished());
    }

    @Test
    void messagesAbandonedAtShutdownAreNotSentAndStay() throws Exception {
        ChatQueues queues = queues();
        java.util.concurrent.CountDownLatch answering = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch cut = new java.util.concurrent.CountDownLatch(1);
        Delivery delivery = delivery(queues, m -> {
            answering.countDown();
            try {
                cut.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        delivery.admit(List.of(message(1, 10, "на выходе")));
        assertTrue(answering.await(5, java.util.concurrent.TimeUnit.SECONDS));

        queues.shutdown(Duration.ofMillis(50), delivery::abandon);
        Conditions.await(() -> delivery.busyChats().isEmpty(), "let go: its chat is not kept for a stopping instance");

        assertEquals(List.of(), delivered, "an answer cut short by the stop is not sent");
        assertEquals(1, unfinished().size(), "it waits for the next start");
    }

    /** Queues and retries on virtual time: pauses are read off the scheduler, not waited for. */
    private final io.github.gigabot.time.ManualScheduler virtual = new io.github.gigabot.time.ManualScheduler();

    private Delivery onVirtualTime(ChatQueues queues, Consumer<IncomingMessage> handler, Delivery.Outbox outbox) {
        return new Delivery(inbox, queues, virtual, storePauses::add, handler(handler), outbox,
                new Delivery.Policy(20, new Backoff(Duration.ofMillis(20), Duration.ofMillis(40)), new Backoff(Duration.ofMillis(10), Duration.ofMillis(40))), BotMetrics.none(), Delivery.Tenure.SOLE);
    }

    private Duration nextPause() throws InterruptedException {
        Conditions.await(() -> virtual.waiting() == 1, "something scheduled");
        return virtual.nextDelay();
    }

    @Test
    void resendPausesDoubleUpToTheCap() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(2), virtual);
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger(5);
        onVirtualTime(queues, m -> handled.add(m.text()), parts -> refusals.getAndDecrement() > 0 ? 0 : parts.size())
                .admit(List.of(message(1, 10, "вопрос")));

        List<Duration> pauses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Duration pause = nextPause();
            pauses.add(pause);
            virtual.advance(pause);
        }
        Conditions.await(() -> {
            try {
                return unfinished().isEmpty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "delivered at last");
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(40),
                Duration.ofMillis(40)), pauses);
        assertEquals(List.of("вопрос"), handled, "asked once however many resends");
    }

    @Test
    void failedHandlingIsRetriedAfterDoublingPausesThenParked() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(2), virtual);
        onVirtualTime(queues, m -> {
            throw new IllegalStateException("always");
        }, parts -> parts.size()).admit(List.of(message(1, 10, "яд")));

        Duration first = nextPause();
        virtual.advance(first);
        Duration second = nextPause();
        virtual.advance(second);
        Conditions.await(() -> givenUp.size() == 1, "parked with an apology");
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of(Duration.ofMillis(20), Duration.ofMillis(40)), List.of(first, second));
    }

    @Test
    void storeRetryPausesDoubleWhileTheDatabaseRefuses() throws Exception {
        Inbox failing = org.mockito.Mockito.spy(inbox);
        org.mockito.Mockito.doThrow(new io.github.gigabot.chat.StorageException("disk full", null))
                .doThrow(new io.github.gigabot.chat.StorageException("disk full", null))
                .doThrow(new IllegalStateException("still"))
                .doCallRealMethod().when(failing).admit(org.mockito.ArgumentMatchers.anyList());
        inbox = failing;
        ChatQueues queues = queues();

        delivery(queues, m -> handled.add(m.text())).admit(List.of(message(1, 10, "наконец")));
        awaitHandled(1);
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000)), storePauses);
    }

    @Test
    void aStopWhileTheStoreIsRetriedLeavesTheBatchUnacknowledged() throws Exception {
        Inbox failing = org.mockito.Mockito.spy(inbox);
        org.mockito.Mockito.doThrow(new IllegalStateException("down")).when(failing).admit(org.mockito.ArgumentMatchers.anyList());
        inbox = failing;
        Delivery delivery = new Delivery(inbox, queues(), virtual, pause -> {
            throw new InterruptedException("stopping");
        }, null, parts -> parts.size(), new Delivery.Policy(20, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)), new Backoff(Duration.ofMillis(1), Duration.ofMillis(1))), BotMetrics.none(), Delivery.Tenure.SOLE);

        delivery.admit(List.of(message(1, 10, "в момент остановки")));

        assertTrue(Thread.interrupted(), "the interrupt is kept for the polling thread to see");
        assertEquals(List.of(), handled);
    }

    @Test
    void storedAnswersAndNoticesFoundAfterTheStopStayForTheNextStart() throws Exception {
        inbox.admit(List.of(message(1, 10, "с ответом"), message(2, 10, "чужой")));
        inbox.saveAnswer(1, List.of(new Reply(10, null, null, "готовый ответ")));
        ChatQueues closed = queues();
        closed.shutdown(Duration.ofSeconds(1));

        Delivery delivery = delivery(closed, m -> handled.add(m.text()));
        delivery.recover();

        assertEquals(2, unfinished().size(), "neither was lost nor marked done");
        assertEquals(List.of(), delivered);
        assertEquals(java.util.Set.of(), delivery.busyChats(), "nothing held by a stopped instance");
    }
    private static io.github.gigabot.chat.StorageException diskFull() {
        return new io.github.gigabot.chat.StorageException("disk full", null);
    }

    private boolean inboxEmpty() {
        try {
            return unfinished().isEmpty();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aChatStaysBusyUntilItsMessageIsMarkedDone() throws Exception {
        // Busy chats keep their leases: a chat let go before the mark is written could be answered again elsewhere.
        Inbox watched = org.mockito.Mockito.spy(inbox);
        List<java.util.Set<Long>> busyWhileMarking = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicReference<Delivery> ref = new java.util.concurrent.atomic.AtomicReference<>();
        org.mockito.Mockito.doAnswer(call -> {
            busyWhileMarking.add(ref.get().busyChats());
            return call.callRealMethod();
        }).when(watched).done(org.mockito.ArgumentMatchers.anyLong());
        inbox = watched;
        ChatQueues queues = queues();
        ref.set(delivery(queues, m -> handled.add(m.text())));

        ref.get().admit(List.of(message(1, 10, "вопрос")));
        Conditions.await(this::inboxEmpty, "marked done");
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of(java.util.Set.of(10L)), busyWhileMarking);
        assertEquals(java.util.Set.of(), ref.get().busyChats(), "let go once marked");
    }

    @Test
    void anAnswerNotMarkedDoneIsMarkedLaterAndItsChatStaysBusyMeanwhile() throws Exception {
        Inbox failing = org.mockito.Mockito.spy(inbox);
        org.mockito.Mockito.doThrow(diskFull()).doThrow(diskFull()).doCallRealMethod()
                .when(failing).done(org.mockito.ArgumentMatchers.anyLong());
        inbox = failing;
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(2), virtual);
        Delivery delivery = onVirtualTime(queues, m -> handled.add(m.text()), parts -> {
            delivered.addAll(parts);
            return parts.size();
        });

        delivery.admit(List.of(message(1, 10, "вопрос")));
        virtual.advance(nextPause());
        assertEquals(java.util.Set.of(10L), delivery.busyChats(), "held while the mark is not written");
        virtual.advance(nextPause());
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of(), unfinished(), "marked on the third try");
        assertEquals(java.util.Set.of(), delivery.busyChats());
        assertEquals(1, delivered.size(), "answered once");
    }

    @Test
    void aParkThatFailsIsTriedAgainAndKeepsTheChatBusy() throws Exception {
        Inbox failing = org.mockito.Mockito.spy(inbox);
        org.mockito.Mockito.doThrow(diskFull()).doCallRealMethod().when(failing).park(org.mockito.ArgumentMatchers.anyLong());
        inbox = failing;
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(2), virtual);
        Delivery delivery = onVirtualTime(queues, m -> {
            throw new IllegalStateException("always");
        }, parts -> parts.size());

        delivery.admit(List.of(message(1, 10, "яд")));
        virtual.advance(nextPause());
        virtual.advance(nextPause());
        virtual.advance(nextPause());
        Conditions.await(this::inboxEmpty, "parked at last");
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of(1L), givenUp, "apologised once");
        assertEquals(java.util.Set.of(), delivery.busyChats());
    }

    @Test
    void aFailureThatCannotBeCountedIsStillRetried() throws Exception {
        Inbox failing = org.mockito.Mockito.spy(inbox);
        org.mockito.Mockito.doThrow(diskFull()).doCallRealMethod().when(failing).failed(org.mockito.ArgumentMatchers.anyLong());
        inbox = failing;
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(2), virtual);
        java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
        Delivery delivery = onVirtualTime(queues, m -> {
            if (tries.incrementAndGet() == 1) {
                throw new IllegalStateException("once");
            }
            handled.add(m.text());
        }, parts -> parts.size());

        delivery.admit(List.of(message(1, 10, "снова")));
        virtual.advance(nextPause());
        awaitHandled(1);
        Conditions.await(this::inboxEmpty, "answered on the retry");
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of("снова"), handled);
    }

    @Test
    void anEntryThatCannotBeParkedDoesNotStrandTheRestOfItsPage() throws Exception {
        new InboxStore(database, Clock.systemUTC()).add(List.of(new InboxStore.Entry(5, 10, "{not json")));
        inbox.admit(List.of(message(6, 10, "после"), message(7, 20, "другой")));
        Inbox failing = org.mockito.Mockito.spy(inbox);
        org.mockito.Mockito.doThrow(diskFull()).when(failing).park(5L);
        inbox = failing;
        ChatQueues queues = queues();
        Delivery delivery = delivery(queues, m -> handled.add(m.text()));

        delivery.takeOver(inbox.unfinished(Long.MIN_VALUE, 10));
        awaitHandled(2);
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(java.util.Set.of("после", "другой"), java.util.Set.copyOf(handled), "two chats: answered in either order");
        assertEquals(List.of(5L), delivery.letGo(), "its claim is to be lifted, so it is taken again");
    }

    @Test
    void aChatLeasedElsewhereIsLeftUnansweredAndItsClaimIsToBeLifted() throws Exception {
        tenure = holding(chatId -> chatId != 10);
        ChatQueues queues = queues();
        Delivery delivery = delivery(queues, m -> handled.add(m.text()));

        inbox.admit(List.of(message(1, 10, "чужой чат теперь"), message(2, 20, "наш")));
        delivery.takeOver(inbox.unfinished(Long.MIN_VALUE, 10));
        awaitHandled(1);
        Conditions.await(() -> delivery.busyChats().isEmpty(), "both out of hand");
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of("наш"), handled, "the model is not asked for a chat leased elsewhere");
        assertEquals(List.of(1L), delivery.letGo());
        assertEquals(List.of(), delivery.letGo(), "handed out once");
        assertEquals(List.of(1L), unfinished().stream().map(Inbox.Unfinished::updateId).toList(), "not marked done here");
    }

    @Test
    void anAnswerMadeAfterTheLeaseWasLostIsNotSent() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean leased = new java.util.concurrent.atomic.AtomicBoolean(true);
        tenure = holding(chatId -> leased.get());
        ChatQueues queues = queues();
        Delivery delivery = delivery(queues, m -> {
            handled.add(m.text());
            leased.set(false);
        });

        delivery.admit(List.of(message(1, 10, "долгий ответ")));
        awaitHandled(1);
        Conditions.await(() -> delivery.busyChats().isEmpty(), "let go");
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of(), delivered, "the instance that leases the chat now answers it");
        assertEquals(List.of(1L), delivery.letGo());
        assertEquals(1, unfinished().size());
    }

    @Test
    void metricsCountEachMessageOnceWhateverBecomesOfIt() throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        ChatQueues queues = queues();
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger(1);
        Delivery delivery = new Delivery(inbox, queues, Scheduler.using(scheduler), storePauses::add, handler(m -> {
            if (m.text().equals("яд")) {
                throw new IllegalStateException("always");
            }
            handled.add(m.text());
        }), parts -> refusals.getAndDecrement() > 0 ? 0 : parts.size(),
                new Delivery.Policy(20, new Backoff(Duration.ofMillis(5), Duration.ofMillis(10)), new Backoff(Duration.ofMillis(5), Duration.ofMillis(5))), new BotMetrics(registry), tenure);

        delivery.admit(List.of(message(1, 10, "раз"), message(2, 20, "яд"), message(3, 30, "шум")));
        delivery.admit(List.of(message(1, 10, "раз")));
        Conditions.await(() -> givenUp.size() == 1 && inboxEmpty(), "answered, parked and turned away");
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(3.0, registry.get("bot.messages.received").counter().count(), "a redelivery is not counted again");
        assertEquals(1.0, registry.get("bot.messages.answered").counter().count());
        assertEquals(1.0, registry.get("bot.messages.parked").counter().count());
        assertEquals(Delivery.MAX_ATTEMPTS - 1.0, registry.get("bot.retries").tag("what", "handling").counter().count());
        assertEquals(1.0, registry.get("bot.retries").tag("what", "resend").counter().count());
    }

    @Test
    void aMessageHeldThroughALostLeaseIsNotSentWhenTheChatIsLeasedAgain() throws Exception {
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        LeaseBook book = new LeaseBook(Duration.ofSeconds(10), nanos::get);
        tenure = book;
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(2), virtual);
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger(1);
        Delivery delivery = new Delivery(inbox, queues, virtual, storePauses::add, handler(m -> handled.add(m.text())),
                parts -> {
                    if (refusals.getAndDecrement() > 0) {
                        return 0;
                    }
                    delivered.addAll(parts);
                    return parts.size();
                }, new Delivery.Policy(20, new Backoff(Duration.ofMillis(20), Duration.ofMillis(40)), new Backoff(Duration.ofMillis(10), Duration.ofMillis(40))), BotMetrics.none(), tenure);
        inbox.admit(List.of(message(1, 10, "вопрос")));
        book.leased(List.of(10L), book.now());
        delivery.takeOver(inbox.unfinished(Long.MIN_VALUE, 10));
        Duration resend = nextPause();

        // While the answer waits to be sent again, the chat is lost (another instance answers it) and later leased anew.
        book.renewed(List.of(), book.now());
        book.leased(List.of(10L), book.now());
        virtual.advance(resend);
        Conditions.await(() -> delivery.busyChats().isEmpty(), "let go");
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of(), delivered, "the old answer belongs to a lease that ended");
        assertEquals(List.of(1L), delivery.letGo());
    }

    @Test
    void aMessageAlreadyInHandIsNotTakenTwice() throws Exception {
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(2), virtual);
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger(1);
        Delivery delivery = onVirtualTime(queues, m -> handled.add(m.text()), parts -> {
            if (refusals.getAndDecrement() > 0) {
                return 0;
            }
            delivered.addAll(parts);
            return parts.size();
        });
        inbox.admit(List.of(message(1, 10, "вопрос")));
        delivery.takeOver(inbox.unfinished(Long.MIN_VALUE, 10));
        Duration resend = nextPause();

        delivery.takeOver(inbox.unfinished(Long.MIN_VALUE, 10));
        virtual.advance(resend);
        Conditions.await(this::inboxEmpty, "delivered");
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(1, delivered.size(), "delivered once");
        assertEquals(List.of("вопрос"), handled, "asked once");
    }

    @Test
    void aFailureAfterTheLeaseWasLostIsNotCountedHere() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean leased = new java.util.concurrent.atomic.AtomicBoolean(true);
        tenure = holding(chatId -> leased.get());
        ChatQueues queues = queues();
        Delivery delivery = delivery(queues, m -> {
            leased.set(false);
            throw new IllegalStateException("the model failed while the lease ran out");
        });

        delivery.admit(List.of(message(1, 10, "вопрос")));
        Conditions.await(() -> delivery.busyChats().isEmpty(), "let go");
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of(1L), delivery.letGo());
        assertEquals(0, new InboxStore(database, Clock.systemUTC()).pending(Long.MIN_VALUE, 10).get(0).attempts(),
                "the instance that holds the chat now counts its own attempts");
        assertEquals(List.of(), givenUp);
    }

    @Test
    void aWebhookCallsMessageIsStoredOnceAndAnswered() throws Exception {
        ChatQueues queues = queues();
        Delivery delivery = delivery(queues, m -> handled.add(m.text()));

        delivery.admitOnce(List.of(message(1, 10, "по вебхуку")));
        delivery.admitOnce(List.of(message(1, 10, "по вебхуку")));
        Conditions.await(this::inboxEmpty, "answered");
        queues.shutdown(Duration.ofSeconds(5));

        assertEquals(List.of("по вебхуку"), handled, "Telegram's redelivery is not answered again");
    }

    @Test
    void aWebhookCallsMessageThatCannotBeStoredFailsAtOnce() throws Exception {
        Inbox failing = org.mockito.Mockito.spy(inbox);
        org.mockito.Mockito.doThrow(diskFull()).when(failing).admit(org.mockito.ArgumentMatchers.anyList());
        inbox = failing;
        Delivery delivery = delivery(queues(), m -> handled.add(m.text()));

        org.junit.jupiter.api.Assertions.assertThrows(io.github.gigabot.chat.StorageException.class,
                () -> delivery.admitOnce(List.of(message(1, 10, "вопрос"))));
        assertEquals(List.of(), storePauses, "not retried: Telegram delivers it again");
        assertEquals(java.util.Set.of(), delivery.busyChats());
    }
}
