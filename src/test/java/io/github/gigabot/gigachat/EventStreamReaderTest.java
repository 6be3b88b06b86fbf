package io.github.gigabot.gigachat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.chat.Completion;
import io.github.gigabot.chat.ModelException.Kind;
import io.github.gigabot.chat.TokenUsage;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import org.junit.jupiter.api.Test;

/** Server-sent events as GigaChat sends them, and as they break. */
class EventStreamReaderTest {

    private static final MediaType SSE = MediaType.get("text/event-stream");

    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final EventStreamReader reader = new EventStreamReader(json, new ApiErrors(json, Duration.ofSeconds(5)));
    private final List<String> progress = new ArrayList<>();

    private static String delta(String text) {
        return "data: {\"choices\":[{\"delta\":{\"content\":\"" + text + "\"},\"index\":0}]}\n\n";
    }

    private Completion read(String events) throws GigaChatException {
        return reader.read(ResponseBody.create(events, SSE), progress::add);
    }

    /** A body that gives {@code events} and then fails as a dropped connection does. */
    private Completion readThenDrop(String events) throws GigaChatException {
        Buffer buffer = new Buffer().writeUtf8(events);
        BufferedSource dropping = Okio.buffer(new ForwardingSource(buffer) {
            @Override
            public long read(Buffer sink, long byteCount) throws IOException {
                long read = super.read(sink, byteCount);
                if (read == -1) {
                    throw new IOException("connection reset");
                }
                return read;
            }
        });
        return reader.read(ResponseBody.create(dropping, SSE, -1), progress::add);
    }

    @Test
    void deltasGrowTheTextAndTheLastEventBringsFinishAndUsage() throws GigaChatException {
        Completion completion = read(": comment\n" + delta("При") + "event: ping\n" + delta("вет 👋")
                + "data: {\"choices\":[]}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"\"},\"finish_reason\":\"length\"}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\ndata: [DONE]\n\n");

        assertEquals(new Completion("Привет 👋", "length", new TokenUsage(5, 2, 7)), completion);
        assertEquals(List.of("При", "Привет 👋"), progress);
    }

    @Test
    void aNonsenseUsageInTheLastEventDoesNotSpoilAFinishedAnswer() throws GigaChatException {
        assertEquals(new Completion("да", "stop"), read(delta("да")
                + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"total_tokens\":\"много\"}}\n\n"
                + "data: [DONE]\n\n"));
    }

    @Test
    void doneWithoutAFinishReasonIsAnOrdinaryStop() throws GigaChatException {
        assertEquals(new Completion("да", "stop"), read(delta("да") + "data: [DONE]\n\n"));
    }

    @Test
    void aFinishWithoutDoneIsEnough() throws GigaChatException {
        assertEquals(new Completion("да", "stop"), read(delta("да")
                + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"));
    }

    @Test
    void aStreamThatBreaksAfterSomeTextEndsWithThatText() throws GigaChatException {
        assertEquals(new Completion("нача", Completion.INTERRUPTED), read(delta("нача")));
        assertEquals(new Completion("нача", Completion.INTERRUPTED), read(delta("нача") + "data: {oops\n\n"));
        assertEquals(new Completion("нача", Completion.INTERRUPTED), readThenDrop(delta("нача")));
    }

    @Test
    void aStreamThatBreaksBeforeAnyTextIsAFailure() {
        GigaChatException dropped = assertThrows(GigaChatException.class, () -> readThenDrop(""));
        assertEquals(Kind.UNAVAILABLE, dropped.kind());
        assertTrue(dropped.retryable(), "a dropped connection may be retried");

        GigaChatException malformed = assertThrows(GigaChatException.class, () -> read("data: {oops\n\n"));
        assertEquals(Kind.BAD_ANSWER, malformed.kind());
        assertEquals(Kind.BAD_ANSWER, assertThrows(GigaChatException.class, () -> read("")).kind());
        assertEquals(Kind.BAD_ANSWER, assertThrows(GigaChatException.class, () -> read("data: null\n\n")).kind());
    }
}
