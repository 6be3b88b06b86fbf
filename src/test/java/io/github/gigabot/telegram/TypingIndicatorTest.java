package io.github.gigabot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.gigabot.fakes.FakeTelegram;
import io.github.gigabot.fakes.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.telegram.telegrambots.meta.api.methods.ActionType;

/** The renewals are the scheduler's; what is scheduled, and what each renewal sends, is checked here. */
class TypingIndicatorTest {

    private FakeTelegram telegram;
    private final ScheduledExecutorService scheduler = mock(ScheduledExecutorService.class);
    private final ScheduledFuture<?> renewals = mock(ScheduledFuture.class);

    @BeforeEach
    void start() throws Exception {
        telegram = new FakeTelegram();
        doReturn(renewals).when(scheduler).scheduleAtFixedRate(any(), eq(4_000L), eq(4_000L), eq(TimeUnit.MILLISECONDS));
    }

    @AfterEach
    void stop() throws Exception {
        telegram.close();
    }

    @Test
    void showsTypingAtOnceThenEveryPeriodUntilClosed() throws Exception {
        TypingIndicator.Handle handle = new TypingIndicator(telegram.api(), scheduler, Duration.ofSeconds(4)).start(-100, 9);
        ArgumentCaptor<Runnable> renewal = ArgumentCaptor.forClass(Runnable.class);
        verify(scheduler).scheduleAtFixedRate(renewal.capture(), eq(4_000L), eq(4_000L), eq(TimeUnit.MILLISECONDS));
        renewal.getValue().run();
        renewal.getValue().run();
        awaitActions(3);
        handle.close();

        assertEquals(3, telegram.calls("sendChatAction").size(), "once at the start, once per renewal");
        for (FakeTelegram.Call call : telegram.calls("sendChatAction")) {
            assertEquals("-100", call.text("chat_id"));
            assertEquals("9", call.text("message_thread_id"));
            assertEquals("typing", call.text("action"));
        }
        verify(renewals).cancel(false);
    }

    @Test
    void aFailedShowIsOnlyLogged() {
        telegram.script("sendChatAction", FakeTelegram.error(400, "Bad Request: not enough rights"));

        try (LogCapture log = new LogCapture(TypingIndicator.class)) {
            new TypingIndicator(telegram.api(), scheduler, Duration.ofSeconds(4)).start(-100, null).close();

            assertEquals(List.of("DEBUG Typing indicator for chat -100 failed: sendChatAction failed: 400 Bad Request: not enough rights"),
                    log.lines());
        }
    }

    @Test
    void anotherActivityIsShownAtOnceAndRenewed() throws Exception {
        TypingIndicator.Handle handle = new TypingIndicator(telegram.api(), scheduler, Duration.ofSeconds(4)).start(5, null);
        ArgumentCaptor<Runnable> renewal = ArgumentCaptor.forClass(Runnable.class);
        verify(scheduler).scheduleAtFixedRate(renewal.capture(), eq(4_000L), eq(4_000L), eq(TimeUnit.MILLISECONDS));

        handle.show(ActionType.UPLOAD_PHOTO);
        handle.show(ActionType.UPLOAD_PHOTO);
        renewal.getValue().run();
        handle.show(ActionType.TYPING);
        awaitActions(4);
        handle.close();

        assertEquals(List.of("typing", "upload_photo", "upload_photo", "typing"),
                telegram.calls("sendChatAction").stream().map(call -> call.text("action")).toList(),
                "shown once on the switch, not again for the same");
    }

    @Test
    void startingDoesNotWaitForTelegramButClosingWaitsForTheLastCall() {
        telegram.script("sendChatAction", FakeTelegram.okTrue()
                .setBodyDelay(3, TimeUnit.SECONDS));
        long before = System.nanoTime();
        TypingIndicator.Handle handle = new TypingIndicator(telegram.api(), scheduler, Duration.ofSeconds(4)).start(5, null);
        long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        handle.close();
        long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);

        assertTrue(startMillis < 2_000, "start took " + startMillis + " ms");
        assertTrue(closeMillis >= 1_900, "close returned before the call was answered: " + closeMillis + " ms");
        assertEquals(1, telegram.calls("sendChatAction").size());
    }

    @Test
    void noTypingCallStartsAfterTheHandleIsClosedEvenWhenTelegramIsSlow() throws Exception {
        for (int i = 0; i < 3; i++) {
            // Telegram slower than the renewal period: calls queue up behind one another.
            telegram.script("sendChatAction", FakeTelegram.okTrue()
                    .setBodyDelay(1500, TimeUnit.MILLISECONDS));
        }
        TypingIndicator.Handle handle = new TypingIndicator(telegram.api(), scheduler, Duration.ofSeconds(4)).start(5, null);
        ArgumentCaptor<Runnable> renewal = ArgumentCaptor.forClass(Runnable.class);
        verify(scheduler).scheduleAtFixedRate(renewal.capture(), eq(4_000L), eq(4_000L), eq(TimeUnit.MILLISECONDS));
        renewal.getValue().run();
        renewal.getValue().run();
        handle.close(); // the answer is sent right after this returns
        long closedAt = System.nanoTime();

        Thread.sleep(2_000); // longer than one slow call: a queued one would have started by now
        assertEquals(0, telegram.calls("sendChatAction").stream().filter(call -> call.receivedAt() > closedAt).count(),
                "a typing call reached Telegram after the answer");
    }

    /** Calls go out one after another; waits until {@code count} reached the fake. */
    private void awaitActions(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (telegram.calls("sendChatAction").size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
