package io.github.gigabot.fakes;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * GigaChat's OAuth and chat-completions endpoints on loopback. By default the model answers
 * "Ответ: " followed by the last user message; a test can swap the answer function.
 */
public final class FakeGigaChat implements AutoCloseable {

    public static final String AUTH_KEY = "ZmFrZS1jbGllbnQ6ZmFrZS1zZWNyZXQ=";
    public static final String ACCESS_TOKEN = "fake-access-token-eyJhbGciOi";
    /** {@code GET /models} as recorded from a personal key. */
    private static final String MODELS = fixture("recorded_models.200.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final List<JsonNode> chatRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger modelRequests = new AtomicInteger();
    private final List<Upload> uploads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Map<String, byte[]> pictures = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Function<JsonNode, MockResponse> answer = FakeGigaChat::echo;
    private volatile boolean slowStreams;
    /** The one access token the API accepts now; null after {@link #expireToken()} until the next OAuth call. */
    private volatile String validToken;

    public FakeGigaChat() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return handle(request);
            }
        });
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    public String authUrl() {
        return "http://127.0.0.1:" + server.getPort() + "/api/v2/oauth";
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + server.getPort() + "/api/v1";
    }

    /** Replaces how the model answers a chat-completions request body. */
    public void answer(Function<JsonNode, MockResponse> answer) {
        this.answer = answer;
    }

    public List<JsonNode> chatRequests() {
        return List.copyOf(chatRequests);
    }

    /** A file the bot uploaded: its GigaChat id, name, MIME type, purpose and bytes. */
    public record Upload(String id, String fileName, String mimeType, String purpose, byte[] content) {
    }

    private MockResponse upload(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        String name = null;
        String mime = null;
        String purpose = null;
        byte[] content = null;
        try (okhttp3.MultipartReader reader = new okhttp3.MultipartReader(request.getBody(), okhttp3.MediaType.get(type).parameter("boundary"))) {
            for (okhttp3.MultipartReader.Part part = reader.nextPart(); part != null; part = reader.nextPart()) {
                String disposition = part.headers().get("Content-Disposition");
                if (disposition.contains("name=\"file\"")) {
                    java.util.regex.Matcher filename = java.util.regex.Pattern.compile("filename=\"([^\"]*)\"").matcher(disposition);
                    name = filename.find() ? filename.group(1) : null;
                    mime = part.headers().get("Content-Type");
                    content = part.body().readByteArray();
                } else if (disposition.contains("name=\"purpose\"")) {
                    purpose = part.body().readUtf8();
                }
            }
        } catch (IOException | RuntimeException e) {
            return error(400, "bad multipart");
        }
        String id = java.util.UUID.randomUUID().toString();
        uploads.add(new Upload(id, name, mime, purpose, content));
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(JSON.createObjectNode()
                .put("id", id).put("object", "file").put("bytes", content == null ? 0 : content.length)
                .put("filename", name).put("purpose", purpose).put("access_policy", "private").toString());
    }

    /** Every file the bot uploaded, in order. */
    public List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    /** The ids of the files the bot deleted, in order. */
    public List<String> deleted() {
        return List.copyOf(deleted);
    }

    /** Makes {@code GET /files/{fileId}/content} answer with {@code jpeg}, as for a picture the model drew. */
    public void picture(String fileId, byte[] jpeg) {
        pictures.put(fileId, jpeg.clone());
    }

    /** How many times the model list was asked for. */
    public int modelRequests() {
        return modelRequests.get();
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** Streams trickle out (about 20 events a second), so that drafts show before the end. */
    public void slowStreams() {
        slowStreams = true;
    }

    /** Makes the API reject the token it issued last, as after its 30 minutes. */
    public void expireToken() {
        validToken = null;
    }

    /** The last user message of a request. */
    public static String lastUserMessage(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                return messages.get(i).path("content").asText();
            }
        }
        return "";
    }

    /** A successful completion with {@code content}. */
    public static MockResponse completion(String content, String finishReason) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode choice = body.putArray("choices").addObject();
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("index", 0).put("finish_reason", finishReason);
        body.put("created", Instant.now().getEpochSecond()).put("model", "GigaChat:2.0.28.2").put("object", "chat.completion");
        body.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body.toString());
    }

    /** An API error answer in GigaChat's shape. */
    public static MockResponse error(int status, String message) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody(JSON.createObjectNode().put("status", status).put("message", message).toString());
    }

    private static MockResponse echo(JsonNode request) {
        return completion("Ответ: " + lastUserMessage(request), "stop");
    }

    private MockResponse handle(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath();
        if (path.equals("/api/v2/oauth")) {
            tokenRequests.incrementAndGet();
            if (!("Basic " + AUTH_KEY).equals(request.getHeader("Authorization"))) {
                return new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
                        .setBody("{\"code\":6,\"message\":\"credentials doesn't match db data\"}");
            }
            long expiresAt = Instant.now().plusSeconds(1800).toEpochMilli();
            validToken = ACCESS_TOKEN + "-" + tokenRequests.get();
            return new MockResponse().setHeader("Content-Type", "application/json")
                    .setBody("{\"access_token\":\"" + validToken + "\",\"expires_at\":" + expiresAt + "}");
        }
        if (path.equals("/api/v1/files") || path.matches("/api/v1/files/[^/]+/delete")) {
            if (validToken == null || !("Bearer " + validToken).equals(request.getHeader("Authorization"))) {
                return error(401, "Token has expired");
            }
            if (path.endsWith("/delete")) {
                deleted.add(path.split("/")[4]);
                return new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"deleted\":true}");
            }
            return upload(request);
        }
        java.util.regex.Matcher file = java.util.regex.Pattern.compile("/api/v1/files/([^/]+)/content").matcher(path);
        if (file.matches()) {
            if (validToken == null || !("Bearer " + validToken).equals(request.getHeader("Authorization"))) {
                return error(401, "Token has expired");
            }
            byte[] jpeg = pictures.get(file.group(1));
            return jpeg == null ? error(404, "File not found")
                    : new MockResponse().setHeader("Content-Type", "image/jpeg").setBody(new okio.Buffer().write(jpeg));
        }
        if (path.equals("/api/v1/models")) {
            modelRequests.incrementAndGet();
            if (validToken == null || !("Bearer " + validToken).equals(request.getHeader("Authorization"))) {
                return error(401, "Token has expired");
            }
            return new MockResponse().setHeader("Content-Type", "application/json").setBody(MODELS);
        }
        if (path.equals("/api/v1/chat/completions")) {
            String token = validToken;
            if (token == null || !("Bearer " + token).equals(request.getHeader("Authorization"))) {
                return error(401, "Token has expired");
            }
            try {
                JsonNode body = JSON.readTree(request.getBody().readUtf8());
                chatRequests.add(body);
                MockResponse response = answer.apply(body);
                return body.path("stream").asBoolean() ? asStream(response) : response;
            } catch (IOException e) {
                return error(400, "bad json");
            }
        }
        return error(404, "Not found");
    }

    /**
     * The same answer as server-sent events, the way GigaChat streams it: the content in several
     * deltas, the finish reason in the last event, then {@code [DONE]}. Errors and bodies that are
     * not a completion go out unchanged, as GigaChat's errors come before a stream starts.
     */
    private MockResponse asStream(MockResponse response) {
        if (!response.getStatus().contains(" 200 ") || response.getBody() == null) {
            return response;
        }
        JsonNode completion;
        try {
            completion = JSON.readTree(response.getBody().readUtf8());
        } catch (IOException e) {
            return response;
        }
        JsonNode choice = completion == null ? null : completion.path("choices").path(0);
        if (choice == null || choice.isMissingNode() || !choice.path("message").has("content")) {
            return response;
        }
        String content = choice.path("message").path("content").asText();
        StringBuilder events = new StringBuilder();
        int pieces = Math.max(1, Math.min(20, content.length() / 8));
        int size = Math.max(1, content.length() / pieces);
        for (int start = 0; start < content.length(); ) {
            int end = Math.min(content.length(), start + size);
            if (end < content.length() && Character.isHighSurrogate(content.charAt(end - 1))) {
                end++;
            }
            ObjectNode event = JSON.createObjectNode();
            ObjectNode delta = event.putArray("choices").addObject();
            delta.putObject("delta").put("content", content.substring(start, end));
            delta.put("index", 0);
            events.append("data: ").append(event).append("\n\n");
            start = end;
        }
        ObjectNode last = JSON.createObjectNode();
        ObjectNode finish = last.putArray("choices").addObject();
        finish.putObject("delta").put("content", "");
        finish.put("index", 0).put("finish_reason", choice.path("finish_reason").asText("stop"));
        if (completion.has("usage")) {
            last.set("usage", completion.get("usage"));
        }
        events.append("data: ").append(last).append("\n\n").append("data: [DONE]\n\n");
        response.setHeader("Content-Type", "text/event-stream").setBody(events.toString());
        if (slowStreams) {
            response.throttleBody(Math.max(64, events.length() / 20), 50, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return response;
    }

    private static String fixture(String name) {
        try (java.io.InputStream in = FakeGigaChat.class.getResourceAsStream("/fixtures/gigachat/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
