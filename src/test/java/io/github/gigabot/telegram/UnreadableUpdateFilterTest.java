package io.github.gigabot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.fakes.LogCapture;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filter between a real OkHttp client and a server answering what a test gives it. */
class UnreadableUpdateFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOOD = "{\"update_id\":7,\"message\":{\"message_id\":1,\"date\":1,"
            + "\"chat\":{\"id\":5,\"type\":\"private\"},\"text\":\"привет 🌍\"}}";
    private static final String BAD = "{\"update_id\":8,\"message\":{\"message_id\":\"not-a-number\",\"date\":1,"
            + "\"chat\":{\"id\":5,\"type\":\"private\"},\"text\":\"x\"}}";

    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient http = new OkHttpClient.Builder().addInterceptor(new UnreadableUpdateFilter(JSON)).build();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private String call(String method, MockResponse response) throws IOException {
        server.enqueue(response);
        try (Response answer = http.newCall(new Request.Builder().url(server.url("/bot1:x/" + method)).build()).execute()) {
            return answer.body().string();
        }
    }

    private static MockResponse updates(String... updates) {
        return new MockResponse().setHeader("Content-Type", "application/json")
                .setBody("{\"ok\":true,\"result\":[" + String.join(",", updates) + "]}");
    }

    @Test
    void anUnreadableUpdateBecomesItsBareIdAndTheOthersStay() throws IOException {
        try (LogCapture log = new LogCapture(UpdateReader.class)) {
            JsonNode result = JSON.readTree(call("getUpdates", updates(GOOD, BAD, GOOD.replace("\"update_id\":7", "\"update_id\":9"))))
                    .get("result");

            assertEquals(JSON.readTree(GOOD), result.get(0));
            assertEquals(JSON.readTree("{\"update_id\":8}"), result.get(1));
            assertEquals(9, result.get(2).get("update_id").asInt());
            assertEquals("привет 🌍", result.get(2).get("message").get("text").asText());
            assertEquals(1, log.lines().size(), log.lines().toString());
            assertTrue(log.lines().get(0).startsWith("WARN Update 8 cannot be read and is skipped: "), log.lines().get(0));
            assertTrue(log.lines().get(0).lines().count() == 1, "one line");
        }
    }

    @Test
    void readableBatchesPassUntouched() throws IOException {
        String body = "{\"ok\":true,   \"result\":[" + GOOD + "]}";
        assertEquals(body, call("getUpdates", new MockResponse().setBody(body)));
        assertEquals("{\"ok\":true,\"result\":[]}", call("getUpdates", updates()));
    }

    @Test
    void anUnreadableUpdateWithoutAUsableIdIsLeftToTheLibrary() throws IOException {
        String noId = BAD.replace("\"update_id\":8,", "");
        String textId = BAD.replace("\"update_id\":8", "\"update_id\":\"eight\"");
        String body = "{\"ok\":true,\"result\":[" + noId + "," + textId + "]}";

        assertEquals(body, call("getUpdates", new MockResponse().setBody(body)));
    }

    @Test
    void onlySuccessfulGetUpdatesAnswersAreRead() throws IOException {
        String batch = "{\"ok\":true,\"result\":[" + BAD + "]}";
        for (String other : List.of("sendMessage", "getMe", "getupdatesX")) {
            assertEquals(batch, call(other, new MockResponse().setBody(batch)), other);
        }
        assertEquals(batch, call("GETUPDATES", new MockResponse().setResponseCode(502).setBody(batch)));
        assertEquals("{\"ok\":true,\"result\":[{\"update_id\":8}]}", call("GETUPDATES", new MockResponse().setBody(batch)));
    }

    @Test
    void answersThatAreNotABatchPassAsTheyCame() throws IOException {
        for (String body : List.of("<html>Bad Gateway</html>", "", "null", "{\"ok\":true,\"result\":{\"update_id\":8}}",
                "{\"ok\":true}", "[" + BAD + "]", "{\"ok\":true,\"result\":[" + BAD)) {
            assertEquals(body, call("getUpdates", new MockResponse().setBody(body)), body);
        }
    }

    @Test
    void theContentTypeIsKept() throws IOException {
        server.enqueue(updates(BAD));
        try (Response answer = http.newCall(new Request.Builder().url(server.url("/bot1:x/getUpdates")).build()).execute()) {
            assertEquals("application/json", answer.body().contentType().type() + "/" + answer.body().contentType().subtype());
        }
    }
}
