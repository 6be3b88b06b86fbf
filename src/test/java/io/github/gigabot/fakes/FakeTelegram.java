package io.github.gigabot.fakes;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A Bot API server on loopback, good enough for the real TelegramBots stack: getMe, deleteWebhook,
 * long-polled getUpdates fed by the test, and sendMessage / sendChatAction recorded in order.
 */
public final class FakeTelegram implements AutoCloseable {

    public static final String TOKEN = "123456789:TEST-fake_token_for_tests_only";
    public static final long BOT_ID = 123456789L;
    public static final String BOT_USERNAME = "GigaTestBot";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL_WAIT = Duration.ofMillis(200);

    /** One Bot API call as it reached the server, and when ({@link System#nanoTime}). */
    public record Call(String method, JsonNode body, long receivedAt) {
        public String text(String field) {
            JsonNode node = body.get(field);
            return node == null || node.isNull() ? null : node.asText();
        }
    }

    /** A sendMessage as the test sees it. */
    public record Sent(long chatId, String text, Integer replyTo, Integer threadId) {
    }

    private final MockWebServer server = new MockWebServer();
    /** Updates not yet confirmed: Telegram keeps them until a getUpdates offset passes them. */
    private final List<ObjectNode> unconfirmed = new ArrayList<>();
    private int lastDeliveredId;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<byte[]> uploads = new CopyOnWriteArrayList<>();
    /** Files users "sent", by download path ({@code files/<file_id>}). */
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> downloads = new CopyOnWriteArrayList<>();
    /** getUpdates bodies, kept apart: there are many, and most tests look at the other calls. */
    private final List<JsonNode> polls = new CopyOnWriteArrayList<>();
    private final Map<String, ConcurrentLinkedQueue<MockResponse>> scripted = new ConcurrentHashMap<>();
    private final AtomicInteger nextUpdateId = new AtomicInteger(1000);
    private final AtomicInteger nextMessageId = new AtomicInteger(1);
    private final Map<String, String> memberStatuses = new ConcurrentHashMap<>();

    public FakeTelegram() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                return handle(request);
            }
        });
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    /** The value for {@code telegram.api-url}. */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** The bot's real Bot API client (TelegramBots over OkHttp) pointed at this server. */
    public io.github.gigabot.telegram.TelegramBotApi api() {
        return new io.github.gigabot.telegram.TelegramBotApi(new org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient(
                new okhttp3.OkHttpClient(), TOKEN, io.github.gigabot.telegram.LongPolling.telegramUrl(java.net.URI.create(url()))));
    }

    /** What getChatMember says of a user in a chat (default: member). */
    public void memberStatus(long chatId, long userId, String status) {
        memberStatuses.put(chatId + "/" + userId, status);
    }

    /**
     * While {@code refusing} says so, every call of {@code method} (any case) gets a fresh
     * {@code response}; then the method works again. Scripted answers come first.
     */
    public void refuseWhile(String method, java.util.function.BooleanSupplier refusing, java.util.function.Supplier<MockResponse> response) {
        refusals.put(method.toLowerCase(Locale.ROOT), new Refusal(refusing, response));
    }

    private record Refusal(java.util.function.BooleanSupplier refusing, java.util.function.Supplier<MockResponse> response) {
    }

    private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();

    /** Makes the next call of {@code method} (any case) answer with {@code response}. */
    public void script(String method, MockResponse response) {
        scripted.computeIfAbsent(method.toLowerCase(Locale.ROOT), m -> new ConcurrentLinkedQueue<>()).add(response);
    }

    // ---- updates the test sends -------------------------------------------------------------

    /** A text message in a private chat; returns its message id. */
    public int privateMessage(long userId, String languageCode, String text) {
        ObjectNode message = message(userId, languageCode, chat(userId, "private"), text);
        push(message);
        return message.get("message_id").asInt();
    }

    /** A text message in a group, with optional entities; returns its message id. */
    public int groupMessage(long chatId, long userId, String text, List<Map<String, Object>> entities) {
        return groupMessage(chatId, userId, "ru", text, entities);
    }

    /** A text message in a group from a user with the given Telegram language; returns its message id. */
    public int groupMessage(long chatId, long userId, String languageCode, String text, List<Map<String, Object>> entities) {
        ObjectNode message = message(userId, languageCode, chat(chatId, "supergroup"), text);
        if (!entities.isEmpty()) {
            message.set("entities", JSON.valueToTree(entities));
        }
        push(message);
        return message.get("message_id").asInt();
    }

    /**
     * A group message Telegram attributes to a chat: {@code from} is the placeholder account
     * ({@code 1087968824} for an anonymous administrator, {@code 136817688} for a user posting as a
     * channel, {@code 777000} for a linked channel's forward) and {@code sender_chat} the real sender.
     */
    public int groupMessageAs(long chatId, long placeholderId, long senderChatId, String text, List<Map<String, Object>> entities) {
        ObjectNode message = message(placeholderId, null, chat(chatId, "supergroup"), text);
        ((ObjectNode) message.get("from")).put("is_bot", true).put("username", "GroupAnonymousBot");
        message.set("sender_chat", chat(senderChatId, senderChatId == chatId ? "supergroup" : "channel"));
        if (!entities.isEmpty()) {
            message.set("entities", JSON.valueToTree(entities));
        }
        push(message);
        return message.get("message_id").asInt();
    }

    /** A group message replying to a message the bot sent. */
    public int groupReplyToBot(long chatId, long userId, String text, int botMessageId) {
        ObjectNode message = message(userId, "ru", chat(chatId, "supergroup"), text);
        ObjectNode replied = message(BOT_ID, null, chat(chatId, "supergroup"), "earlier answer");
        replied.put("message_id", botMessageId);
        ((ObjectNode) replied.get("from")).put("is_bot", true).put("username", BOT_USERNAME);
        message.set("reply_to_message", replied);
        push(message);
        return message.get("message_id").asInt();
    }

    /**
     * A message carrying a file: {@code media} is the Bot API field ({@code photo}, {@code document},
     * {@code voice}, {@code audio}, {@code sticker}...) and {@code file} its value; {@code content}, when
     * not null, is what downloading the file gives. Returns the message id.
     */
    public int fileMessage(long chatId, long userId, String languageCode, String caption, List<Map<String, Object>> captionEntities,
                           String media, JsonNode file, byte[] content) {
        ObjectNode message = message(userId, languageCode, chat(chatId, chatId == userId ? "private" : "supergroup"), null);
        if (caption != null) {
            message.put("caption", caption);
        }
        if (!captionEntities.isEmpty()) {
            message.set("caption_entities", JSON.valueToTree(captionEntities));
        }
        message.set(media, file);
        if (content != null) {
            JsonNode described = file.isArray() ? file.get(file.size() - 1) : file;
            files.put("files/" + described.path("file_id").asText(), content.clone());
        }
        push(message);
        return message.get("message_id").asInt();
    }

    /** A photo as Telegram describes it: three sizes, the last the largest. */
    public static JsonNode photo(String fileId, int bytes) {
        ArrayNode sizes = JSON.createArrayNode();
        sizes.addObject().put("file_id", fileId + "-s").put("file_unique_id", "s").put("width", 90).put("height", 60).put("file_size", 900);
        sizes.addObject().put("file_id", fileId + "-m").put("file_unique_id", "m").put("width", 320).put("height", 213).put("file_size", 9000);
        sizes.addObject().put("file_id", fileId).put("file_unique_id", "l").put("width", 1280).put("height", 853).put("file_size", bytes);
        return sizes;
    }

    /** A document, voice or audio description. */
    public static JsonNode file(String fileId, String fileName, String mimeType, long bytes) {
        ObjectNode file = JSON.createObjectNode().put("file_id", fileId).put("file_unique_id", "u-" + fileId).put("file_size", bytes);
        if (fileName != null) {
            file.put("file_name", fileName);
        }
        if (mimeType != null) {
            file.put("mime_type", mimeType);
        }
        return file;
    }

    /** The files the bot downloaded, by path, in order. */
    public List<String> downloads() {
        return List.copyOf(downloads);
    }

    /** An update the bot must ignore (a sticker in a private chat). */
    public void privateSticker(long userId) {
        ObjectNode message = message(userId, "ru", chat(userId, "private"), null);
        message.remove("text");
        message.putObject("sticker").put("file_id", "x").put("file_unique_id", "y")
                .put("width", 512).put("height", 512).put("is_animated", false).put("is_video", false).put("type", "regular");
        push(message);
    }

    /** An update TelegramBots cannot read: a message whose id is not a number. */
    public void unreadableUpdate() {
        ObjectNode message = message(1, "ru", chat(1, "private"), "x");
        message.put("message_id", "not-a-number");
        push(message);
    }

    /** A mention entity for {@code @username} at {@code offset} (UTF-16 units). */
    public static Map<String, Object> mention(int offset, String username) {
        return Map.of("type", "mention", "offset", offset, "length", username.length() + 1);
    }

    private ObjectNode message(long userId, String languageCode, ObjectNode chat, String text) {
        ObjectNode message = JSON.createObjectNode();
        message.put("message_id", nextMessageId.getAndIncrement());
        message.put("date", Instant.now().getEpochSecond());
        ObjectNode from = message.putObject("from");
        from.put("id", userId).put("is_bot", false).put("first_name", "User" + userId);
        if (languageCode != null) {
            from.put("language_code", languageCode);
        }
        message.set("chat", chat);
        if (text != null) {
            message.put("text", text);
        }
        return message;
    }

    private static ObjectNode chat(long id, String type) {
        ObjectNode chat = JSON.createObjectNode();
        chat.put("id", id).put("type", type);
        if (!type.equals("private")) {
            chat.put("title", "Test group");
        }
        return chat;
    }

    private void push(ObjectNode message) {
        ObjectNode update = JSON.createObjectNode();
        update.put("update_id", nextUpdateId.incrementAndGet());
        update.set("message", message);
        synchronized (unconfirmed) {
            unconfirmed.add(update);
            unconfirmed.notifyAll();
        }
    }

    // ---- what reached the server ------------------------------------------------------------

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method) {
        String lower = method.toLowerCase(Locale.ROOT);
        return calls.stream().filter(call -> call.method().equals(lower)).toList();
    }

    /** Every getUpdates request's body, in order. */
    public List<JsonNode> polls() {
        return List.copyOf(polls);
    }

    public List<Sent> sentMessages() {
        return sent("sendMessage", "text");
    }

    /** Each call of {@code method} as chat, the text in {@code textField}, and addressing. */
    private List<Sent> sent(String method, String textField) {
        List<Sent> sent = new ArrayList<>();
        for (Call call : calls(method)) {
            JsonNode reply = call.body().path("reply_parameters").path("message_id");
            JsonNode thread = call.body().path("message_thread_id");
            sent.add(new Sent(Long.parseLong(call.text("chat_id")), call.text(textField),
                    reply.isMissingNode() || reply.isNull() ? null : reply.asInt(),
                    thread.isMissingNode() || thread.isNull() ? null : Integer.parseInt(thread.asText())));
        }
        return sent;
    }

    /** Waits until at least {@code count} messages were sent, then returns all of them. */
    public List<Sent> awaitSent(int count, Duration timeout) throws InterruptedException {
        return awaitSent(list -> list.size() >= count, timeout);
    }

    public List<Sent> awaitSent(Predicate<List<Sent>> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Sent> sent = sentMessages();
            if (done.test(sent)) {
                return sent;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("Timed out waiting for messages; sent so far: " + sentMessages());
    }

    /** Waits until every pushed update was delivered to the bot at least once. */
    public void awaitUpdatesTaken(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            synchronized (unconfirmed) {
                if (lastDeliveredId >= nextUpdateId.get()) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The bot did not poll every update");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until the bot confirmed every pushed update with a later offset, which it does only
     * after it has stored and taken in the batch.
     */
    public void awaitUpdatesConfirmed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            synchronized (unconfirmed) {
                if (unconfirmed.isEmpty() && lastDeliveredId >= nextUpdateId.get()) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The bot did not confirm every update");
            }
            Thread.sleep(20);
        }
    }

    // ---- the server side --------------------------------------------------------------------

    private MockResponse handle(RecordedRequest request) throws InterruptedException {
        String path = request.getPath() == null ? "" : request.getPath();
        String filePrefix = "/file/bot" + TOKEN + "/";
        if (path.startsWith(filePrefix)) {
            downloads.add(path.substring(filePrefix.length()));
            byte[] content = files.get(path.substring(filePrefix.length()));
            return content == null ? new MockResponse().setResponseCode(404)
                    : new MockResponse().setHeader("Content-Type", "application/octet-stream").setBody(new okio.Buffer().write(content));
        }
        String prefix = "/bot" + TOKEN + "/";
        if (!path.startsWith(prefix)) {
            return error(404, "Not Found");
        }
        String method = path.substring(prefix.length()).toLowerCase(Locale.ROOT);
        JsonNode body;
        try {
            String type = request.getHeader("Content-Type");
            if (type != null && type.startsWith("multipart/form-data")) {
                body = multipart(request, okhttp3.MediaType.get(type).parameter("boundary"));
            } else {
                String raw = request.getBody().readUtf8();
                body = raw.isEmpty() ? JSON.createObjectNode() : JSON.readTree(raw);
            }
        } catch (IOException | RuntimeException e) {
            return error(400, "Bad Request: body is not JSON");
        }
        if (method.equals("getupdates")) {
            polls.add(body);
        } else {
            calls.add(new Call(method, body, System.nanoTime()));
        }
        ConcurrentLinkedQueue<MockResponse> script = scripted.get(method);
        MockResponse scriptedResponse = script == null ? null : script.poll();
        if (scriptedResponse != null) {
            return scriptedResponse;
        }
        Refusal refusal = refusals.get(method);
        if (refusal != null && refusal.refusing().getAsBoolean()) {
            return refusal.response().get();
        }
        switch (method) {
            case "getme":
                return ok(JSON.createObjectNode().put("id", BOT_ID).put("is_bot", true)
                        .put("first_name", "Giga").put("username", BOT_USERNAME));
            case "getupdates":
                return ok(updatesFrom(body.path("offset").asInt(0)));
            case "sendmessage":
            case "sendphoto":
                return ok(sentMessage(body));
            case "getchatmember":
                return ok(member(body));
            case "getfile":
                String fileId = body.path("file_id").asText();
                return files.containsKey("files/" + fileId)
                        ? ok(JSON.createObjectNode().put("file_id", fileId).put("file_unique_id", "u-" + fileId)
                                .put("file_size", files.get("files/" + fileId).length).put("file_path", "files/" + fileId))
                        : error(400, "Bad Request: invalid file_id");
            default:
                return ok(JSON.getNodeFactory().booleanNode(true));
        }
    }

    /**
     * A file upload (sendPhoto) as the test sees it: its text fields as they came, and each file as
     * its size ({@code <name>_bytes}) and bytes kept apart.
     */
    private ObjectNode multipart(RecordedRequest request, String boundary) throws IOException {
        ObjectNode fields = JSON.createObjectNode();
        try (okhttp3.MultipartReader reader = new okhttp3.MultipartReader(request.getBody(), boundary)) {
            for (okhttp3.MultipartReader.Part part = reader.nextPart(); part != null; part = reader.nextPart()) {
                String disposition = part.headers().get("Content-Disposition");
                java.util.regex.Matcher name = java.util.regex.Pattern.compile("name=\"([^\"]+)\"").matcher(disposition);
                if (!name.find()) {
                    continue;
                }
                if (disposition.contains("filename=")) {
                    byte[] bytes = part.body().readByteArray();
                    fields.put(name.group(1) + "_bytes", bytes.length);
                    uploads.add(bytes);
                } else {
                    String value = part.body().readUtf8();
                    JsonNode parsed = value.startsWith("{") ? JSON.readTree(value) : JSON.getNodeFactory().textNode(value);
                    fields.set(name.group(1), parsed);
                }
            }
        }
        return fields;
    }

    /** Every sendPhoto, as chat, caption (null when none) and addressing. */
    public List<Sent> sentPhotos() {
        return sent("sendPhoto", "caption");
    }

    /** The bytes of every file uploaded, in order. */
    public List<byte[]> uploads() {
        return List.copyOf(uploads);
    }

    /** Confirms updates below {@code offset}, then returns the rest, waiting briefly for some. */
    private ArrayNode updatesFrom(int offset) throws InterruptedException {
        ArrayNode result = JSON.createArrayNode();
        synchronized (unconfirmed) {
            unconfirmed.removeIf(update -> update.get("update_id").asInt() < offset);
            if (unconfirmed.isEmpty()) {
                unconfirmed.wait(POLL_WAIT.toMillis());
            }
            for (ObjectNode update : unconfirmed) {
                result.add(update);
                lastDeliveredId = Math.max(lastDeliveredId, update.get("update_id").asInt());
            }
        }
        return result;
    }

    private JsonNode sentMessage(JsonNode request) {
        ObjectNode message = JSON.createObjectNode();
        message.put("message_id", nextMessageId.getAndIncrement());
        message.put("date", Instant.now().getEpochSecond());
        message.putObject("from").put("id", BOT_ID).put("is_bot", true).put("first_name", "Giga");
        message.putObject("chat").put("id", Long.parseLong(request.path("chat_id").asText("0"))).put("type", "private");
        message.put("text", request.path("text").asText(""));
        return message;
    }

    private JsonNode member(JsonNode request) {
        String key = request.path("chat_id").asText() + "/" + request.path("user_id").asText();
        ObjectNode member = JSON.createObjectNode();
        member.put("status", memberStatuses.getOrDefault(key, "member"));
        member.putObject("user").put("id", request.path("user_id").asLong()).put("is_bot", false).put("first_name", "U");
        return member;
    }

    private static MockResponse ok(JsonNode result) {
        ObjectNode body = JSON.createObjectNode();
        body.put("ok", true);
        body.set("result", result);
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body.toString());
    }

    /** A successful sendMessage answer, for scripts that let one message through between failures. */
    /** The answer of methods whose result is just {@code true} (drafts, chat actions). */
    public static MockResponse okTrue() {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"ok\":true,\"result\":true}");
    }

    public static MockResponse ok() {
        ObjectNode message = JSON.createObjectNode();
        message.put("message_id", 1).put("date", Instant.now().getEpochSecond());
        message.putObject("chat").put("id", 1).put("type", "private");
        return ok(message);
    }

    /** A Bot API error answer. */
    public static MockResponse error(int code, String description) {
        ObjectNode body = JSON.createObjectNode();
        body.put("ok", false).put("error_code", code).put("description", description);
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body.toString());
    }

    /** A 429 answer asking to wait {@code seconds}. */
    public static MockResponse tooManyRequests(int seconds) {
        ObjectNode body = JSON.createObjectNode();
        body.put("ok", false).put("error_code", 429).put("description", "Too Many Requests: retry after " + seconds);
        body.putObject("parameters").put("retry_after", seconds);
        return new MockResponse().setResponseCode(429).setHeader("Content-Type", "application/json").setBody(body.toString());
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
