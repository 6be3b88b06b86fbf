package io.github.gigabot.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.longpolling.util.DefaultGetUpdatesGenerator;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * The baseline: the least a GigaChat bot must do, on the same libraries as the real bot
 * (TelegramBots long polling and OkHttpTelegramClient, OkHttp, Jackson) and nothing more: no
 * storage, no history, no typing, no drafts, no retries. Each update goes to a pool of
 * {@code concurrency} threads, which fetch the OAuth token once, ask chat/completions without
 * streaming and send the content with sendMessage. What the real bot takes beyond this is its own cost.
 *
 * <p>Run as its own JVM: {@code FloorBot api-url=... token=... auth-url=... gigachat-url=... auth-key=... concurrency=N}
 * (each also readable from the environment as {@code FLOOR_API_URL} and so on).
 */
public final class FloorBot implements LongPollingUpdateConsumer {

    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient http;
    private final OkHttpTelegramClient telegram;
    private final ExecutorService workers;
    private final String authUrl;
    private final String authKey;
    private final String completionsUrl;
    private String accessToken;

    private FloorBot(OkHttpClient http, OkHttpTelegramClient telegram, ExecutorService workers,
                     String authUrl, String authKey, String gigachatUrl) {
        this.http = http;
        this.telegram = telegram;
        this.workers = workers;
        this.authUrl = authUrl;
        this.authKey = authKey;
        this.completionsUrl = gigachatUrl + "/chat/completions";
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = settings(args);
        int concurrency = Integer.parseInt(settings.get("concurrency"));
        URI api = URI.create(settings.get("api-url"));
        TelegramUrl url = new TelegramUrl(api.getScheme(), api.getHost(), api.getPort(), false);
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(1024);
        dispatcher.setMaxRequestsPerHost(1024);
        OkHttpClient http = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(concurrency + 16, 5, TimeUnit.MINUTES))
                .readTimeout(Duration.ofSeconds(75))
                .build();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, Daemons.named("floor-worker"));
        FloorBot bot = new FloorBot(http, new OkHttpTelegramClient(http, settings.get("token"), url), workers,
                settings.get("auth-url"), settings.get("auth-key"), settings.get("gigachat-url"));
        OkHttpClient polling = http.newBuilder().dispatcher(new Dispatcher()).build();
        TelegramBotsLongPollingApplication application = new TelegramBotsLongPollingApplication(ObjectMapper::new, () -> polling);
        application.registerBot(settings.get("token"), () -> url, new DefaultGetUpdatesGenerator(List.of("message")), bot);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                application.close();
            } catch (Exception e) {
                System.err.println("closing polling: " + e);
            }
            workers.shutdownNow();
            stopped.countDown();
        }));
        System.out.println("Floor bot polling " + api + " with " + concurrency + " workers");
        stopped.await();
    }

    private static Map<String, String> settings(String[] args) {
        Map<String, String> settings = new HashMap<>();
        for (String key : List.of("api-url", "token", "auth-url", "gigachat-url", "auth-key", "concurrency")) {
            String fromEnv = System.getenv("FLOOR_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            if (fromEnv != null) {
                settings.put(key, fromEnv);
            }
        }
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                settings.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        return settings;
    }

    @Override
    public void consume(List<Update> updates) {
        for (Update update : updates) {
            if (update.hasMessage() && update.getMessage().hasText()) {
                workers.execute(() -> answer(update.getMessage().getChatId(), update.getMessage().getText()));
            }
        }
    }

    private void answer(long chatId, String text) {
        try {
            String content = complete(text);
            telegram.execute(SendMessage.builder().chatId(chatId).text(content).build());
        } catch (Exception e) {
            System.err.println("chat " + chatId + " not answered: " + e);
        }
    }

    private String complete(String text) throws IOException {
        Map<String, Object> body = Map.of("model", "GigaChat", "stream", false,
                "messages", List.of(Map.of("role", "user", "content", text)));
        Request request = new Request.Builder().url(completionsUrl)
                .header("Authorization", "Bearer " + token())
                .post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE))
                .build();
        try (Response response = http.newCall(request).execute()) {
            JsonNode completion = JSON.readTree(response.body().byteStream());
            return completion.path("choices").path(0).path("message").path("content").asText();
        }
    }

    /** The OAuth token, fetched once: the stand-in's lasts an hour, longer than any run. */
    private synchronized String token() throws IOException {
        if (accessToken == null) {
            Request request = new Request.Builder().url(authUrl)
                    .header("Authorization", "Basic " + authKey)
                    .header("RqUID", java.util.UUID.randomUUID().toString())
                    .post(new FormBody.Builder().add("scope", "GIGACHAT_API_PERS").build())
                    .build();
            try (Response response = http.newCall(request).execute()) {
                accessToken = JSON.readTree(response.body().byteStream()).path("access_token").asText();
            }
        }
        return accessToken;
    }
}
