package io.github.gigabot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.gigabot.chat.ChatType;
import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.chat.Reply;
import io.github.gigabot.chat.Screening;
import io.github.gigabot.dispatch.ChatQueues;
import io.github.gigabot.fakes.FakeTelegram.Sent;
import io.github.gigabot.fakes.FakeTelegram;
import io.github.gigabot.inbox.Delivery;
import io.github.gigabot.inbox.Inbox;
import io.github.gigabot.metrics.BotMetrics;
import io.github.gigabot.pacing.ManualPacer;
import io.github.gigabot.storage.Database;
import io.github.gigabot.storage.InboxStore;
import io.github.gigabot.telegram.ReplySender;
import io.github.gigabot.time.Backoff;
import io.github.gigabot.time.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telegram refusing every {@code sendMessage} for a minute, on virtual time: the real inbox, queues
 * and sender, the real TelegramBots client, and the fake Bot API on loopback. An answer that was not
 * delivered is not done: it is resent, once it can be, without asking the model again.
 */
class TelegramOutageTest {

    private static final long CHAT = 4242;

    @TempDir
    Path dir;

    private FakeTelegram telegram;
    private Database database;
    private final ManualScheduler scheduler = new ManualScheduler();
    /** Virtual time: the scheduler's pauses plus the sender's own short waits. */
    private final AtomicLong sleptMillis = new AtomicLong();
    private final AtomicInteger modelCalls = new AtomicInteger();
    private final List<String> asked = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        telegram = new FakeTelegram();
        database = Database.open(dir);
    }

    @AfterEach
    void stop() throws Exception {
        telegram.close();
        database.close();
    }

    private long nowMillis() {
        return scheduler.nowMillis() + sleptMillis.get();
    }

    private static IncomingMessage message(long updateId, String text) {
        return new IncomingMessage(updateId, CHAT, ChatType.PRIVATE, null, (int) updateId, CHAT, "ru", text, List.of(), false);
    }

    private Delivery delivery(ChatQueues queues) {
        ReplySender sender = new ReplySender(telegram.api(),
                new ManualPacer(ManualPacer.roomy(), pause -> sleptMillis.addAndGet(pause.toMillis())).pacer(),
                pause -> sleptMillis.addAndGet(pause.toMillis()));
        Delivery.Handler model = new Delivery.Handler() {
            @Override
            public Screening screen(IncomingMessage m) {
                return new Screening(true, List.of());
            }

            @Override
            public List<Reply> answer(IncomingMessage m) {
                modelCalls.incrementAndGet();
                asked.add(m.text());
                return List.of(new Reply(CHAT, null, null, "Ответ: " + m.text() + " (часть 1)"),
                        new Reply(CHAT, null, null, "Ответ: " + m.text() + " (часть 2)"));
            }

            @Override
            public Reply apology(IncomingMessage m) {
                return new Reply(CHAT, null, null, "извините");
            }

            @Override
            public Reply queueFull(IncomingMessage m) {
                return new Reply(CHAT, null, null, "полно");
            }
        };
        return new Delivery(new Inbox(new InboxStore(database, Clock.systemUTC())), queues, scheduler,
                pause -> sleptMillis.addAndGet(pause.toMillis()), model, sender::sendAll,
                new Delivery.Policy(20, new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(4)), new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5))), BotMetrics.none(), Delivery.Tenure.SOLE);
    }

    /** Moves virtual time on whenever the chat is held, until {@code done} or too many steps. */
    private void runUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        for (int step = 0; step < 100 && !done.getAsBoolean(); step++) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (scheduler.waiting() == 0 && !done.getAsBoolean()) {
                assertTrue(System.nanoTime() < deadline, "neither held nor done");
                Thread.sleep(2);
            }
            if (scheduler.waiting() > 0) {
                scheduler.advance(scheduler.nextDelay());
            }
        }
        assertTrue(done.getAsBoolean(), "not done after 100 pauses");
    }

    @Test
    void aMinuteOfBadGatewaysDelaysTheAnswerButLosesNothingAndAsksOnce() throws Exception {
        List<Long> refusedAt = Collections.synchronizedList(new ArrayList<>());
        telegram.refuseWhile("sendMessage", () -> {
            boolean refusing = nowMillis() < 60_000;
            if (refusing) {
                refusedAt.add(nowMillis());
            }
            return refusing;
        }, () -> FakeTelegram.error(502, "Bad Gateway"));
        ChatQueues queues = new ChatQueues(Executors.newFixedThreadPool(2), scheduler);
        Delivery delivery = delivery(queues);

        delivery.admit(List.of(message(1, "первый")));
        delivery.admit(List.of(message(2, "второй")));
        runUntil(() -> telegram.sentMessages().size() - refusedAt.size() == 4);
        queues.shutdown(Duration.ofSeconds(5));

        List<String> accepted = telegram.sentMessages().stream().skip(refusedAt.size()).map(Sent::text).toList();
        assertEquals(List.of("Ответ: первый (часть 1)", "Ответ: первый (часть 2)", "Ответ: второй (часть 1)", "Ответ: второй (часть 2)"),
                accepted, "each part once, in the chat's order");
        assertEquals(List.of("первый", "второй"), asked, "the model was asked once per message");
        assertEquals(2, modelCalls.get());
        assertTrue(nowMillis() >= 60_000, "delivered only after the outage: " + nowMillis());
        assertTrue(nowMillis() < 60_000 + 64_000, "and soon after, the pauses are capped and growing: " + nowMillis());
        assertTrue(refusedAt.size() < 40, "pauses grow: " + refusedAt.size() + " refused attempts in a minute");
        assertEquals(List.of(), new Inbox(new InboxStore(database, Clock.systemUTC())).unfinished(Long.MIN_VALUE, 10));
    }

    @Test
    void anAnswerHalfDeliveredWhenTheBotStopsIsFinishedAtTheNextStartWithoutAskingAgain() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        telegram.refuseWhile("sendMessage", () -> accepted.incrementAndGet() > 1, () -> FakeTelegram.error(503, "Service Unavailable"));
        ChatQueues first = new ChatQueues(Executors.newFixedThreadPool(2), scheduler);
        delivery(first).admit(List.of(message(1, "вопрос")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (scheduler.waiting() == 0) {
            assertTrue(System.nanoTime() < deadline, "the chat was never held");
            Thread.sleep(2);
        }
        first.shutdown(Duration.ofSeconds(1));
        scheduler.shutdown();

        ManualScheduler afterRestart = new ManualScheduler();
        AtomicInteger acceptedAfterRestart = new AtomicInteger();
        telegram.refuseWhile("sendMessage", () -> {
            acceptedAfterRestart.incrementAndGet();
            return false;
        }, () -> FakeTelegram.error(503, "unused"));
        ChatQueues second = new ChatQueues(Executors.newFixedThreadPool(2), afterRestart);
        delivery(second).recover();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (acceptedAfterRestart.get() < 1) {
            assertTrue(System.nanoTime() < until, "nothing was resent: " + telegram.sentMessages());
            Thread.sleep(2);
        }
        second.shutdown(Duration.ofSeconds(5));

        List<String> texts = telegram.sentMessages().stream().map(Sent::text).toList();
        assertEquals(1, texts.stream().filter(t -> t.equals("Ответ: вопрос (часть 1)")).count(), "part 1 is not sent twice: " + texts);
        assertEquals("Ответ: вопрос (часть 2)", texts.get(texts.size() - 1));
        assertEquals(1, acceptedAfterRestart.get(), "only what was left is sent after the restart");
        assertEquals(1, modelCalls.get(), "the model was asked once, before the restart");
    }
}
