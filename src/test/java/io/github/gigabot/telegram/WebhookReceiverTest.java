package io.github.gigabot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.fakes.LogCapture;
import io.github.gigabot.telegram.WebhookReceiver.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Webhook calls as Telegram, a scanner or a broken proxy would make them. */
class WebhookReceiverTest {

    private static final String SECRET = "s3cret_Token-1";
    private static final long BOT_ID = 4242;

    private final List<IncomingMessage> stored = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private WebhookReceiver.Store store = stored::addAll;

    private WebhookReceiver receiver() {
        return new WebhookReceiver(SECRET, new UpdateMapper(BOT_ID), messages -> store.store(messages), now::get);
    }

    private static byte[] update(int updateId, long chatId, String text) {
        return ("{\"update_id\":" + updateId + ",\"message\":{\"message_id\":7,\"date\":1700000000,"
                + "\"from\":{\"id\":" + chatId + ",\"is_bot\":false,\"first_name\":\"Аня\",\"language_code\":\"ru\"},"
                + "\"chat\":{\"id\":" + chatId + ",\"type\":\"private\"},\"text\":\"" + text + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private Outcome post(byte[] body) {
        return receiver().receive("POST", Optional.of(SECRET), body);
    }

    @Test
    void aMessageWithTheRightSecretIsStoredAnd200() {
        assertEquals(Optional.empty(), receiver().refuse("POST", Optional.of(SECRET)));
        assertEquals(Outcome.STORED, post(update(10, 77, "привет 👋")));

        assertEquals(1, stored.size());
        assertEquals(10, stored.get(0).updateId());
        assertEquals(77, stored.get(0).chatId());
        assertEquals("привет 👋", stored.get(0).text());
        assertEquals(200, Outcome.STORED.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s3cret_token-1", "S3CRET_TOKEN-1", "s3cret_Token-1 ", "s3cret_Token-", "s3cret_Token-12",
            "секрет", "s3cret_Token-1\u0000", "🙂"})
    void aWrongSecretIs401AndNothingIsStored(String secret) {
        WebhookReceiver receiver = receiver();
        assertEquals(Optional.of(Outcome.UNAUTHORIZED), receiver.refuse("POST", Optional.of(secret)));
        assertEquals(Outcome.UNAUTHORIZED, receiver.receive("POST", Optional.of(secret), update(10, 77, "x")));
        assertEquals(List.of(), stored);
        assertEquals(401, Outcome.UNAUTHORIZED.status());
    }

    @Test
    void noSecretIs401AndAnotherMethodIs405() {
        assertEquals(Outcome.UNAUTHORIZED, receiver().receive("POST", Optional.empty(), update(10, 77, "x")));
        assertEquals(Optional.of(Outcome.WRONG_METHOD), receiver().refuse("GET", Optional.of(SECRET)));
        assertEquals(Outcome.WRONG_METHOD, receiver().receive("PUT", Optional.of(SECRET), update(10, 77, "x")));
        assertEquals(Outcome.WRONG_METHOD, receiver().receive("post", Optional.of(SECRET), update(10, 77, "x")));
        assertEquals(List.of(), stored);
        assertEquals(405, Outcome.WRONG_METHOD.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "null", "[]", "[{\"update_id\":1}]", "\"update\"", "{\"message\":{}}",
            "{\"update_id\":\"десять\"}", "{\"update_id\":99999999999}", "<xml/>", "{\"update_id\":1,}"})
    void aBodyThatIsNotAnUpdateIs400AndNothingIsStored(String body) {
        assertEquals(Outcome.MALFORMED, post(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), stored);
        assertEquals(400, Outcome.MALFORMED.status());
    }

    @Test
    void anUpdateWithoutAMessageForTheBotIsAcknowledgedAndIgnored() {
        assertEquals(Outcome.IGNORED, post("{\"update_id\":11}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Outcome.IGNORED, post(("{\"update_id\":12,\"edited_message\":{\"message_id\":1,\"date\":1,"
                + "\"chat\":{\"id\":5,\"type\":\"private\"},\"text\":\"x\"}}").getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), stored);
        assertEquals(200, Outcome.IGNORED.status(), "Telegram must not deliver it again");
    }

    @Test
    void anUpdateTheModelCannotReadIsAcknowledgedNotRetriedForever() {
        byte[] unreadable = "{\"update_id\":13,\"message\":{\"message_id\":\"not a number\",\"chat\":[]}}".getBytes(StandardCharsets.UTF_8);
        assertEquals(Outcome.IGNORED, post(unreadable));
        assertEquals(List.of(), stored);
    }

    @Test
    void aHugeTextIsStoredWhole() {
        String text = "я".repeat(100_000);
        assertEquals(Outcome.STORED, post(update(14, 77, text)));
        assertEquals(text, stored.get(0).text());
    }

    @Test
    void anUpdateThatCannotBeStoredIs503SoTelegramDeliversItAgain() {
        store = messages -> {
            throw new java.sql.SQLException("database down");
        };
        assertEquals(Outcome.NOT_STORED, post(update(15, 77, "x")));
        assertEquals(503, Outcome.NOT_STORED.status());
    }

    @Test
    void turnedAwayCallsAreLoggedOnceAMinuteWithTheirCount() {
        WebhookReceiver receiver = receiver();
        try (LogCapture log = new LogCapture(WebhookReceiver.class)) {
            for (int i = 0; i < 100; i++) {
                receiver.refuse("POST", Optional.of("guess-" + i));
            }
            now.addAndGet(WebhookReceiver.REFUSALS_LOGGED_EVERY_MILLIS - 1);
            receiver.refuse("POST", Optional.empty());
            now.addAndGet(1);
            receiver.refuse("POST", Optional.empty());

            assertEquals(2, log.lines().size(), String.join("\n", log.lines()));
            assertTrue(log.lines().get(0).contains(": 1 since"), log.lines().get(0));
            assertTrue(log.lines().get(1).contains(": 101 since"), log.lines().get(1));
            assertTrue(log.lines().stream().noneMatch(line -> line.contains("guess")), "what was sent is not logged");
        }
    }
}
