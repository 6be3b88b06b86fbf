package io.github.gigabot.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * GigaChat's OAuth, models and chat-completions endpoints on loopback. The model answers
 * {@link Questions#answerTo} after a configurable latency: whole, or streamed as server-sent events
 * whose chunks are spread evenly over the latency and flushed one by one, the way GigaChat streams.
 * A thread per request, so hundreds of model calls can run at once.
 */
final class StandInGigaChat implements AutoCloseable {

    static final String AUTH_KEY = "YmVuY2gtY2xpZW50OmJlbmNoLXNlY3JldA==";
    private static final String ACCESS_TOKEN = "bench-token";
    private static final int CHUNKS = 10;
    private static final String MODELS = "{\"object\":\"list\",\"data\":["
            + "{\"id\":\"GigaChat\",\"object\":\"model\",\"owned_by\":\"salutedevices\",\"type\":\"chat\"},"
            + "{\"id\":\"GigaChat-2\",\"object\":\"model\",\"owned_by\":\"salutedevices\",\"type\":\"chat\"}]}";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(Daemons.named("stand-in-gigachat"));
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private volatile long latencyMillis;

    StandInGigaChat() throws IOException {
        server = HttpExchanges.server(this::handle, threads);
    }

    String authUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2/oauth";
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
    }

    /** How long the model takes to answer from now on (0: at once). */
    void latencyMillis(long millis) {
        latencyMillis = millis;
    }

    /** Calls so far per endpoint ({@code oauth}, {@code chat/completions}, {@code models}, or the unknown path). */
    Map<String, Long> calls() {
        Map<String, Long> copy = new TreeMap<>();
        calls.forEach((endpoint, count) -> copy.put(endpoint, count.sum()));
        return copy;
    }

    long oauthCalls() {
        LongAdder count = calls.get("oauth");
        return count == null ? 0 : count.sum();
    }

    private void count(String endpoint) {
        calls.computeIfAbsent(endpoint, e -> new LongAdder()).increment();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/api/v2/oauth":
                    count("oauth");
                    exchange.getRequestBody().readAllBytes();
                    HttpExchanges.send(exchange, 200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_at\":"
                            + Instant.now().plusSeconds(3600).toEpochMilli() + "}");
                    break;
                case "/api/v1/models":
                    count("models");
                    HttpExchanges.send(exchange, 200, MODELS);
                    break;
                case "/api/v1/chat/completions":
                    count("chat/completions");
                    complete(exchange, HttpExchanges.parameters(exchange));
                    break;
                default:
                    count(path);
                    exchange.getRequestBody().readAllBytes();
                    HttpExchanges.send(exchange, 404, "{\"status\":404,\"message\":\"Not found\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void complete(HttpExchange exchange, JsonNode request) throws IOException, InterruptedException {
        String content = Questions.answerTo(lastUserMessage(request));
        long latency = latencyMillis;
        if (!request.path("stream").asBoolean(false)) {
            TimeUnit.MILLISECONDS.sleep(latency);
            ObjectNode body = HttpExchanges.JSON.createObjectNode();
            ObjectNode choice = body.putArray("choices").addObject();
            choice.putObject("message").put("role", "assistant").put("content", content);
            choice.put("index", 0).put("finish_reason", "stop");
            body.put("created", Instant.now().getEpochSecond()).put("model", "GigaChat").put("object", "chat.completion");
            usage(body);
            HttpExchanges.send(exchange, 200, body.toString());
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0); // chunked: every flush below goes out on its own
        try (OutputStream out = exchange.getResponseBody()) {
            int size = (content.length() + CHUNKS - 1) / CHUNKS;
            for (int i = 0; i < CHUNKS; i++) {
                TimeUnit.MILLISECONDS.sleep(latency / CHUNKS);
                String piece = content.substring(Math.min(content.length(), i * size), Math.min(content.length(), (i + 1) * size));
                ObjectNode event = HttpExchanges.JSON.createObjectNode();
                ObjectNode delta = event.putArray("choices").addObject();
                delta.putObject("delta").put("content", piece);
                delta.put("index", 0);
                event(out, event.toString());
            }
            ObjectNode last = HttpExchanges.JSON.createObjectNode();
            ObjectNode finish = last.putArray("choices").addObject();
            finish.putObject("delta").put("content", "");
            finish.put("index", 0).put("finish_reason", "stop");
            usage(last);
            event(out, last.toString());
            event(out, "[DONE]");
        }
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void usage(ObjectNode body) {
        body.putObject("usage").put("prompt_tokens", 30).put("completion_tokens", 40).put("total_tokens", 70);
    }

    private static String lastUserMessage(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                return messages.get(i).path("content").asText();
            }
        }
        return "";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
