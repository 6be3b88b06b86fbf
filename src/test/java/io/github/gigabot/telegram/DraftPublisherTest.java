package io.github.gigabot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.github.gigabot.fakes.FakeTelegram;
import io.github.gigabot.pacing.ManualPacer;
import io.github.gigabot.pacing.SendLimits;
import io.github.gigabot.pacing.SendPacer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DraftPublisherTest {

    private FakeTelegram telegram;
    private TelegramBotApi api;
    private final AtomicLong now = new AtomicLong(1_000);
    private final SendPacer roomy = new ManualPacer(ManualPacer.roomy(), wait -> { }).pacer();

    @BeforeEach
    void start() throws Exception {
        telegram = new FakeTelegram();
        api = telegram.api();
    }

    @AfterEach
    void stop() throws Exception {
        telegram.close();
    }

    private List<String> draftTexts() {
        return telegram.calls("sendMessageDraft").stream().map(call -> call.text("text")).collect(Collectors.toList());
    }

    @Test
    void sendsAtMostOneUpdatePerInterval() {
        DraftPublisher drafts = new DraftPublisher(api, roomy, 42, 7, text -> "<b>" + text + "</b>", 400, now::get);

        drafts.accept("Пр");
        drafts.settle();
        now.addAndGet(100);
        drafts.accept("Приве");
        now.addAndGet(350);
        drafts.accept("Привет, ");
        drafts.settle();
        now.addAndGet(10);
        drafts.accept("Привет, мир 🌍");
        drafts.settle();

        assertEquals(List.of("<b>Пр</b>", "<b>Привет, </b>"), draftTexts());
        assertEquals("7", telegram.calls("sendMessageDraft").get(1).text("draft_id"));
        assertEquals(OptionalLong.of(0), drafts.firstShownAfterMillis());
    }

    @Test
    void blankRenderingIsNotSent() {
        DraftPublisher drafts = new DraftPublisher(api, roomy, 42, 7, text -> "  ", 400, now::get);
        drafts.accept("```");
        assertTrue(draftTexts().isEmpty());
        assertEquals(OptionalLong.empty(), drafts.firstShownAfterMillis());
    }

    @Test
    void aRefusedDraftStopsDraftingForThisAnswer() {
        telegram.script("sendMessageDraft", FakeTelegram.error(400, "Bad Request: method is available only in private chats"));
        DraftPublisher drafts = new DraftPublisher(api, roomy, 42, 7, text -> text, 400, now::get);

        drafts.accept("раз");
        drafts.settle();
        now.addAndGet(1000);
        drafts.accept("раз два");
        drafts.settle();

        assertEquals(1, telegram.calls("sendMessageDraft").size());
        assertEquals(OptionalLong.empty(), drafts.firstShownAfterMillis());
    }

    @Test
    void theNextDraftGoesOutExactlyOneIntervalLater() {
        DraftPublisher drafts = new DraftPublisher(api, roomy, 42, 7, text -> text, 400, now::get);

        drafts.accept("раз");
        drafts.settle();
        now.addAndGet(399);
        drafts.accept("раз два");
        now.addAndGet(1);
        drafts.accept("раз два три");
        drafts.settle();

        assertEquals(List.of("раз", "раз два три"), draftTexts());
    }

    @Test
    void aDraftStillOnItsWayHoldsTheNextBackAndTheStreamDoesNotWaitForIt() {
        telegram.script("sendMessageDraft", FakeTelegram.okTrue()
                .setBodyDelay(3, TimeUnit.SECONDS));
        DraftPublisher drafts = new DraftPublisher(api, roomy, 42, 7, text -> text, 400, now::get);

        long before = System.nanoTime();
        drafts.accept("раз");
        now.addAndGet(1000);
        drafts.accept("раз два");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        drafts.settle();

        assertEquals(List.of("раз"), draftTexts(), "the second came while the first was on its way");
        assertTrue(tookMillis < 2_000, "accept does not wait for Telegram: " + tookMillis + " ms");
    }

    @Test
    void draftsOverThePacersBudgetAreSkipped() {
        SendPacer tight = new ManualPacer(SendLimits.telegram(30), wait -> { }).pacer();
        DraftPublisher first = new DraftPublisher(api, tight, 42, 7, text -> text, 400, now::get);
        DraftPublisher second = new DraftPublisher(api, tight, 43, 8, text -> text, 400, now::get);

        first.accept("раз");
        second.accept("два");
        first.settle();
        second.settle();

        assertEquals(List.of("раз"), draftTexts(), "one draft per 1/30 s over all chats");
    }
}
