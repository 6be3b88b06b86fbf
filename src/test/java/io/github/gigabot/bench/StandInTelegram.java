package io.github.gigabot.bench;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Bot API server on loopback for one bot process: answers every call the bot makes, long-polls
 * {@link UpdateQueue}, optionally enforces {@link StandInLimits}, and records when each chat's answer
 * arrived, how often each method was called, and when polling began. A thread per request, so
 * hundreds of calls can be in flight at once.
 */
final class StandInTelegram implements AutoCloseable {

    static final String TOKEN = "123456789:BENCH-stand_in_token";
    private static final long BOT_ID = 123456789L;

    /** A final answer (sendMessage) as it arrived. */
    record Answer(long chatId, String text, long arrivedNanos) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(Daemons.named("stand-in-telegram"));
    private final UpdateQueue updates = new UpdateQueue();
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final LongAdder tooManyRequests = new LongAdder();
    private final Map<Long, List<Answer>> answers = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Answer>> awaited = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    private final AtomicInteger nextMessageId = new AtomicInteger(1);
    private volatile StandInLimits limits;

    StandInTelegram() throws IOException {
        server = HttpExchanges.server(this::handle, threads);
    }

    /** The value for {@code TELEGRAM_API_URL}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Turns Telegram's send limits on (with fresh, full buckets) or off. */
    void limits(boolean on) {
        limits = on ? new StandInLimits(System.nanoTime()) : null;
    }

    /** Completes with {@link System#nanoTime()} of the first getUpdates. */
    CompletableFuture<Long> firstPoll() {
        return firstPoll;
    }

    /** Makes the questions available at once; returns when (nanoTime). */
    long offer(List<UpdateQueue.Question> questions) {
        return updates.offer(questions);
    }

    /** Completes when the chat's first answer arrives (or at once if it already did). */
    CompletableFuture<Answer> answerFor(long chatId) {
        CompletableFuture<Answer> future = awaited.computeIfAbsent(chatId, id -> new CompletableFuture<>());
        List<Answer> already = answers.get(chatId);
        if (already != null && !already.isEmpty()) {
            future.complete(already.get(0));
        }
        return future;
    }

    /** Every answer a chat received, in order. */
    List<Answer> answersOf(long chatId) {
        return List.copyOf(answers.getOrDefault(chatId, List.of()));
    }

    /** Calls so far per method (lower case), 429s included. */
    Map<String, Long> calls() {
        Map<String, Long> copy = new TreeMap<>();
        calls.forEach((method, count) -> copy.put(method, count.sum()));
        return copy;
    }

    /** 429 answers given so far. */
    long tooManyRequests() {
        return tooManyRequests.sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String prefix = "/bot" + TOKEN + "/";
            if (!path.startsWith(prefix)) {
                HttpExchanges.send(exchange, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
                return;
            }
            String method = path.substring(prefix.length()).toLowerCase(Locale.ROOT);
            JsonNode body = HttpExchanges.parameters(exchange);
            calls.computeIfAbsent(method, m -> new LongAdder()).increment();
            switch (method) {
                case "getupdates":
                    getUpdates(exchange, body);
                    break;
                case "getme":
                    ok(exchange, HttpExchanges.JSON.createObjectNode().put("id", BOT_ID).put("is_bot", true)
                            .put("first_name", "Bench").put("username", "BenchBot"));
                    break;
                case "sendmessage":
                case "sendphoto":
                    send(exchange, method, body);
                    break;
                case "getchatmember":
                    ObjectNode member = HttpExchanges.JSON.createObjectNode().put("status", "member");
                    member.putObject("user").put("id", body.path("user_id").asLong()).put("is_bot", false).put("first_name", "U");
                    ok(exchange, member);
                    break;
                default: // setMyCommands, deleteWebhook, sendMessageDraft, sendChatAction...
                    ok(exchange, HttpExchanges.JSON.getNodeFactory().booleanNode(true));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void getUpdates(HttpExchange exchange, JsonNode body) throws IOException, InterruptedException {
        firstPoll.complete(System.nanoTime());
        long offset = body.path("offset").asLong(0);
        int limit = body.path("limit").asInt(100);
        long timeout = TimeUnit.SECONDS.toNanos(body.path("timeout").asLong(0));
        List<String> batch = updates.poll(offset, limit <= 0 ? 100 : limit, timeout);
        HttpExchanges.send(exchange, 200, "{\"ok\":true,\"result\":[" + String.join(",", batch) + "]}");
    }

    private void send(HttpExchange exchange, String method, JsonNode body) throws IOException {
        long now = System.nanoTime();
        long chatId = body.path("chat_id").asLong();
        StandInLimits current = limits;
        int retryAfter = current == null ? 0 : current.acquire(chatId, now);
        if (retryAfter > 0) {
            tooManyRequests.increment();
            HttpExchanges.send(exchange, 429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after "
                    + retryAfter + "\",\"parameters\":{\"retry_after\":" + retryAfter + "}}");
            return;
        }
        String text = body.path(method.equals("sendphoto") ? "caption" : "text").asText("");
        if (method.equals("sendmessage")) {
            Answer answer = new Answer(chatId, text, now);
            answers.computeIfAbsent(chatId, id -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(answer);
            awaited.computeIfAbsent(chatId, id -> new CompletableFuture<>()).complete(answer);
        }
        ObjectNode message = HttpExchanges.JSON.createObjectNode();
        message.put("message_id", nextMessageId.getAndIncrement()).put("date", System.currentTimeMillis() / 1000);
        message.putObject("from").put("id", BOT_ID).put("is_bot", true).put("first_name", "Bench");
        message.putObject("chat").put("id", chatId).put("type", chatId < 0 ? "supergroup" : "private");
        message.put("text", text);
        ok(exchange, message);
    }

    private static void ok(HttpExchange exchange, JsonNode result) throws IOException {
        ObjectNode body = HttpExchanges.JSON.createObjectNode();
        body.put("ok", true);
        body.set("result", result);
        HttpExchanges.send(exchange, 200, body.toString());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
