package io.github.gigabot.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.chat.ChatType;
import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.chat.Reply;
import io.github.gigabot.chat.TextEntity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stored shapes, pinned by checked-in samples: a message or answer waiting in an inbox must
 * still be read after an upgrade, whatever the {@code chat} records are called by then.
 */
class StoredFormTest {

    private static final IncomingMessage GROUP_MESSAGE = new IncomingMessage(900001, -1001234567890L, ChatType.GROUP, 77, 4321,
            -1001234567890L, "ru", "@GigaTestBot Привет 👋, как дела?", List.of(new TextEntity("mention", 0, 12)), true);
    private static final List<Reply> ANSWER = List.of(
            new Reply(-1001234567890L, 77, 4321, "<b>Итог:</b> всё хорошо 👍", Reply.Format.HTML),
            new Reply(-1001234567890L, 77, 4321, "a < b", Reply.Format.PLAIN));

    private final StoredForm form = new StoredForm();
    private final ObjectMapper json = new ObjectMapper();

    private static String sample(String name) throws Exception {
        try (var in = StoredFormTest.class.getResourceAsStream("/inbox/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    @Test
    void versionOneMessageSampleIsReadAndWrittenExactly() throws Exception {
        assertEquals(Optional.of(GROUP_MESSAGE), form.decodeMessage(sample("message-v1.json")));
        assertEquals(json.readTree(sample("message-v1.json")), json.readTree(form.encodeMessage(GROUP_MESSAGE)));
    }

    @Test
    void messagesStoredByVersion01AreStillRead() throws Exception {
        assertEquals(Optional.of(new IncomingMessage(900002, 42, ChatType.PRIVATE, null, 7, 42, null, "вопрос из версии 0.1",
                List.of(), false)), form.decodeMessage(sample("message-0.1.json")));
    }

    @Test
    void answerSampleIsReadAndWrittenExactly() throws Exception {
        assertEquals(ANSWER, form.decodeAnswer(sample("answer-v1.json")));
        assertEquals(json.readTree(sample("answer-v1.json")), json.readTree(form.encodeAnswer(ANSWER)));
    }

    @Test
    void aMessageFromAFutureVersionIsNotMisread() throws Exception {
        assertEquals(Optional.empty(), form.decodeMessage(sample("message-v1.json").replace("\"v\":1", "\"v\":2")));
        assertEquals(List.of(), form.decodeAnswer(sample("answer-v1.json").replace("\"v\":1", "\"v\":2")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "null", "[]", "42", "\"текст\"", "{\"chatType\":\"CHANNEL\",\"updateId\":1}", "{\"v\":1}",
            "{\"v\":1,\"updateId\":\"много\"}", "{\"v\":1,\"parts\":[{\"format\":\"BLINK\",\"text\":\"x\"}]}"})
    void malformedStoredTextIsUnreadableNotAnError(String stored) {
        assertEquals(Optional.empty(), form.decodeMessage(stored), "no made-up message from " + stored);
        assertEquals(List.of(), form.decodeAnswer(stored));
    }

    @Test
    void noAnswerStoredIsNoAnswer() {
        assertEquals(List.of(), form.decodeAnswer(null));
    }

    @Test
    void hugeTextRoundTrips() {
        IncomingMessage huge = new IncomingMessage(1, 1, ChatType.PRIVATE, null, 1, 1, "en", "😀".repeat(100_000), List.of(), false);
        assertEquals(Optional.of(huge), form.decodeMessage(form.encodeMessage(huge)));
    }

    @Test
    void aPhotoPartRoundTripsAsBase64AndOlderPartsHaveNone() throws Exception {
        byte[] jpeg = new byte[70_000];
        new java.util.Random(7).nextBytes(jpeg);
        List<Reply> answer = List.of(new Reply(-100, 3, 20, "<b>кот</b> 🐈", Reply.Format.HTML, new Reply.Photo(jpeg)),
                new Reply(-100, 3, 20, "дальше", Reply.Format.PLAIN));

        String stored = form.encodeAnswer(answer);

        assertEquals(answer, form.decodeAnswer(stored));
        assertEquals(java.util.Base64.getEncoder().encodeToString(jpeg), json.readTree(stored).get("parts").get(0).get("photo").asText());
        assertFalse(json.readTree(stored).get("parts").get(1).has("photo"), "a text part is stored as before");
        assertEquals(null, form.decodeAnswer(sample("answer-v1.json")).get(0).photo());
    }
}
