package io.github.gigabot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.github.gigabot.fakes.FakeTelegram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DraftPublisherTest {

    private FakeTelegram telegram;
    private TelegramBotApi api;
    private final AtomicLong now = new AtomicLong(1_000);

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
        DraftPublisher drafts = new DraftPublisher(api, 42, 7, text -> "<b>" + text + "</b>", 400, now::get);

        drafts.accept("Пр");
        now.addAndGet(100);
        drafts.accept("Приве");
        now.addAndGet(350);
        drafts.accept("Привет, ");
        now.addAndGet(10);
        drafts.accept("Привет, мир 🌍");

        assertEquals(List.of("<b>Пр</b>", "<b>Привет, </b>"), draftTexts());
        assertEquals("7", telegram.calls("sendMessageDraft").get(1).text("draft_id"));
        assertEquals(OptionalLong.of(0), drafts.firstShownAfterMillis());
    }

    @Test
    void blankRenderingIsNotSent() {
        DraftPublisher drafts = new DraftPublisher(api, 42, 7, text -> "  ", 400, now::get);
        drafts.accept("```");
        assertTrue(draftTexts().isEmpty());
        assertEquals(OptionalLong.empty(), drafts.firstShownAfterMillis());
    }

    @Test
    void aRefusedDraftStopsDraftingForThisAnswer() {
        telegram.script("sendMessageDraft", FakeTelegram.error(400, "Bad Request: method is available only in private chats"));
        DraftPublisher drafts = new DraftPublisher(api, 42, 7, text -> text, 400, now::get);

        drafts.accept("раз");
        now.addAndGet(1000);
        drafts.accept("раз два");

        assertEquals(1, telegram.calls("sendMessageDraft").size());
        assertEquals(OptionalLong.empty(), drafts.firstShownAfterMillis());
    }

    @Test
    void theNextDraftGoesOutExactlyOneIntervalLater() {
        DraftPublisher drafts = new DraftPublisher(api, 42, 7, text -> text, 400, now::get);

        drafts.accept("раз");
        now.addAndGet(399);
        drafts.accept("раз два");
        now.addAndGet(1);
        drafts.accept("раз два три");

        assertEquals(List.of("раз", "раз два три"), draftTexts());
    }
}
