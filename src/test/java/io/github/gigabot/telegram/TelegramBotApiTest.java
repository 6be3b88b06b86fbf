package io.github.gigabot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gigabot.chat.BotIdentity;
import io.github.gigabot.chat.Reply;
import io.github.gigabot.fakes.FakeTelegram;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.ActionType;

/** Each Bot API call as it reaches the fake server, and each failure as the bot sees it. */
class TelegramBotApiTest {

    private FakeTelegram telegram;
    private TelegramBotApi api;

    @BeforeEach
    void start() throws Exception {
        telegram = new FakeTelegram();
        api = telegram.api();
    }

    @AfterEach
    void stop() throws Exception {
        telegram.close();
    }

    private JsonNode onlyCall(String method) {
        assertEquals(1, telegram.calls(method).size(), method);
        return telegram.calls(method).get(0).body();
    }

    @Test
    void getMeNamesTheBot() throws TelegramFailure {
        assertEquals(new BotIdentity(FakeTelegram.BOT_ID, FakeTelegram.BOT_USERNAME), api.getMe());
    }

    @Test
    void getMeWithoutAUsernameOrAResultIsAFailure() {
        telegram.script("getMe", new MockResponse().setBody("{\"ok\":true,\"result\":{\"id\":5,\"is_bot\":true,\"first_name\":\"B\"}}"));
        telegram.script("getMe", new MockResponse().setBody("{\"ok\":true,\"result\":{\"is_bot\":true,\"first_name\":\"B\",\"username\":\"b\"}}"));
        telegram.script("getMe", new MockResponse().setBody("{\"ok\":true}"));

        for (int i = 0; i < 3; i++) {
            TelegramFailure failure = assertThrows(TelegramFailure.class, api::getMe);
            assertEquals(0, failure.errorCode());
            assertFalse(failure.tokenRejected());
        }
    }

    @Test
    void aWrongTokenIsReportedAsRejected() {
        telegram.script("getMe", FakeTelegram.error(401, "Unauthorized"));
        telegram.script("getMe", FakeTelegram.error(404, "Not Found"));

        for (int code : new int[] {401, 404}) {
            TelegramFailure failure = assertThrows(TelegramFailure.class, api::getMe);
            assertEquals(code, failure.errorCode());
            assertTrue(failure.tokenRejected(), "code " + code);
            assertFalse(failure.getMessage().contains(FakeTelegram.TOKEN), failure.getMessage());
        }
    }

    @Test
    void anHtmlReplyQuotesItsQuestionInItsTopic() throws TelegramFailure {
        api.send(new Reply(-100, 12, 77, "<b>ответ</b> 🌍", Reply.Format.HTML));

        JsonNode body = onlyCall("sendMessage");
        assertEquals(-100, body.get("chat_id").asLong());
        assertEquals("<b>ответ</b> 🌍", body.get("text").asText());
        assertEquals("html", body.get("parse_mode").asText());
        assertEquals(12, body.get("message_thread_id").asInt());
        assertEquals(77, body.path("reply_parameters").get("message_id").asInt());
        assertTrue(body.path("reply_parameters").get("allow_sending_without_reply").asBoolean());
    }

    @Test
    void aPlainReplyHasNoParseModeAndNoQuote() throws TelegramFailure {
        api.send(new Reply(5, null, null, "<b>как есть</b>"));

        JsonNode body = onlyCall("sendMessage");
        assertEquals("<b>как есть</b>", body.get("text").asText());
        assertTrue(body.path("parse_mode").isMissingNode() || body.get("parse_mode").isNull(), body.toString());
        assertTrue(body.path("reply_parameters").isMissingNode() || body.get("reply_parameters").isNull(), body.toString());
        assertTrue(body.path("message_thread_id").isMissingNode() || body.get("message_thread_id").isNull(), body.toString());
    }

    @Test
    void theCommandMenuKeepsItsOrderAndLanguage() throws TelegramFailure {
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("temp", "Температура ответа");
        commands.put("reset", "Забыть разговор");

        api.setCommands(commands, "ru");

        JsonNode body = onlyCall("setMyCommands");
        assertEquals("ru", body.get("language_code").asText());
        assertEquals("temp", body.get("commands").get(0).get("command").asText());
        assertEquals("Забыть разговор", body.get("commands").get(1).get("description").asText());
        assertEquals(2, body.get("commands").size());
        assertEquals("default", body.get("scope").get("type").asText());
    }

    @Test
    void memberStatusIsTelegramsWord() throws TelegramFailure {
        telegram.memberStatus(-100, 7, "administrator");

        assertEquals("administrator", api.memberStatus(-100, 7));
        assertEquals("member", api.memberStatus(-100, 8));
        assertEquals(-100, telegram.calls("getChatMember").get(0).body().get("chat_id").asLong());
        assertEquals(7, telegram.calls("getChatMember").get(0).body().get("user_id").asLong());
    }

    @Test
    void aMemberWithoutStatusIsAFailure() {
        telegram.script("getChatMember", new MockResponse().setBody("{\"ok\":true}"));

        assertEquals(0, assertThrows(TelegramFailure.class, () -> api.memberStatus(-100, 7)).errorCode());
    }

    @Test
    void draftsAndTypingCarryTheirChatAndTopic() throws Exception {
        assertTrue(api.sendDraft(42, 7, "<i>пишу…</i>").get());
        assertTrue(api.sendAction(-100, 3, ActionType.TYPING).get());

        JsonNode draft = onlyCall("sendMessageDraft");
        assertEquals(42, draft.get("chat_id").asLong());
        assertEquals(7, draft.get("draft_id").asInt());
        assertEquals("<i>пишу…</i>", draft.get("text").asText());
        assertEquals("html", draft.get("parse_mode").asText());
        JsonNode typing = onlyCall("sendChatAction");
        assertEquals(-100, typing.get("chat_id").asLong());
        assertEquals(3, typing.get("message_thread_id").asInt());
        assertEquals("typing", typing.get("action").asText());
    }

    @Test
    void aRateLimitCarriesItsWaitAndTelegramsExplanation() {
        telegram.script("sendMessage", FakeTelegram.tooManyRequests(17));

        TelegramFailure failure = assertThrows(TelegramFailure.class, () -> api.send(new Reply(5, null, null, "x")));

        assertEquals(429, failure.errorCode());
        assertEquals(17, failure.retryAfterSeconds());
        assertEquals("Too Many Requests: retry after 17", failure.description());
        assertTrue(failure.getMessage().startsWith("sendmessage failed: 429"), failure.getMessage());
    }

    @Test
    void anUnreachableServerIsCodeZeroWithoutTheToken() throws Exception {
        telegram.close();

        ExecutionException error = assertThrows(ExecutionException.class, () -> api.sendAction(5, null, ActionType.TYPING).get());

        TelegramFailure failure = (TelegramFailure) error.getCause();
        assertEquals(0, failure.errorCode());
        assertNull(failure.retryAfterSeconds());
        assertEquals("", failure.description());
        assertTrue(failure.getMessage().startsWith("sendChatAction failed: "), failure.getMessage());
        assertFalse(failure.getMessage().contains(FakeTelegram.TOKEN), failure.getMessage());
    }

    @Test
    void anInterruptedCallFailsAndKeepsTheInterrupt() {
        telegram.script("getChatMember", FakeTelegram.ok().setBodyDelay(5, TimeUnit.SECONDS));
        Thread.currentThread().interrupt();
        try {
            TelegramFailure failure = assertThrows(TelegramFailure.class, () -> api.memberStatus(5, 1));

            assertEquals(0, failure.errorCode());
            assertEquals("getChatMember interrupted", failure.getMessage());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aPhotoIsUploadedWithItsCaptionInItsTopicQuotingTheQuestion() throws TelegramFailure {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 7, 8, 9};
        api.send(new Reply(-100, 12, 77, "<b>кот</b> 🐈", Reply.Format.HTML, new Reply.Photo(jpeg)));

        JsonNode body = onlyCall("sendPhoto");
        assertEquals("-100", body.get("chat_id").asText());
        assertEquals("<b>кот</b> 🐈", body.get("caption").asText());
        assertEquals("html", body.get("parse_mode").asText());
        assertEquals("12", body.get("message_thread_id").asText());
        assertEquals(77, body.path("reply_parameters").get("message_id").asInt());
        assertEquals("attach://picture.jpg", body.get("photo").asText(), "uploaded, not a link");
        assertEquals(jpeg.length, body.get("picture.jpg_bytes").asInt());
        assertTrue(java.util.Arrays.equals(jpeg, telegram.uploads().get(0)));
        assertTrue(telegram.calls("sendMessage").isEmpty());
    }

    @Test
    void aPhotoWithoutTextHasNoCaption() throws TelegramFailure {
        api.send(new Reply(5, null, null, "", Reply.Format.HTML, new Reply.Photo(new byte[] {1})));

        JsonNode body = onlyCall("sendPhoto");
        assertFalse(body.has("caption"), body.toString());
        assertFalse(body.has("parse_mode"), body.toString());
    }

    @Test
    void aRefusedPhotoIsAFailureLikeAnyOther() {
        telegram.script("sendPhoto", FakeTelegram.error(400, "Bad Request: PHOTO_INVALID_DIMENSIONS"));

        TelegramFailure failure = assertThrows(TelegramFailure.class,
                () -> api.send(new Reply(5, null, null, "x", Reply.Format.PLAIN, new Reply.Photo(new byte[] {1}))));
        assertEquals(400, failure.errorCode());
        assertEquals("Bad Request: PHOTO_INVALID_DIMENSIONS", failure.description());
    }
}
