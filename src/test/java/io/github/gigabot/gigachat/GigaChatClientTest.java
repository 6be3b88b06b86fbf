package io.github.gigabot.gigachat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.chat.Admission;
import io.github.gigabot.chat.ChatMessage;
import io.github.gigabot.chat.ChatModel;
import io.github.gigabot.chat.Completion;
import io.github.gigabot.chat.CompletionRequest;
import io.github.gigabot.chat.ModelException.Kind;
import io.github.gigabot.chat.StoredFile;
import io.github.gigabot.chat.TokenUsage;
import io.github.gigabot.config.GigaChatSettings;
import io.github.gigabot.time.Backoff;
import io.github.gigabot.time.ManualClock;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client against a GigaChat stand-in on loopback, answering with recorded payloads. */
class GigaChatClientTest {

    private static final String AUTH_KEY = "Y2xpZW50LWlkOmNsaWVudC1zZWNyZXQ=";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private MockWebServer server;
    private final AtomicInteger tokenHits = new AtomicInteger();
    private final AtomicInteger chatHits = new AtomicInteger();
    private final List<RecordedRequest> tokenRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<RecordedRequest> chatRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Function<Integer, MockResponse> oauth = n -> token("token-" + n, Duration.ofMinutes(30));
    private volatile Function<RecordedRequest, MockResponse> chat = r -> fixture("recorded_chat_completion.200.json", 200);
    private volatile MockResponse models = fixture("recorded_models.200.json", 200);
    private final List<RecordedRequest> modelRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<RecordedRequest> fileRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile MockResponse uploaded = body(200, "{\"id\":\"6f0b1291-c7f3-43c6-bb2e-9f3efb2dc98e\",\"object\":\"file\","
            + "\"bytes\":5,\"filename\":\"photo.jpg\",\"purpose\":\"general\",\"access_policy\":\"private\"}");
    private volatile MockResponse file = new MockResponse().setHeader("Content-Type", "image/jpeg")
            .setBody(new okio.Buffer().write(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2}));

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if ("/api/v2/oauth".equals(request.getPath())) {
                    tokenRequests.add(request);
                    return oauth.apply(tokenHits.incrementAndGet());
                }
                if ("/api/v1/chat/completions".equals(request.getPath())) {
                    chatRequests.add(request);
                    chatHits.incrementAndGet();
                    return chat.apply(request);
                }
                if ("/api/v1/files".equals(request.getPath())) {
                    fileRequests.add(request);
                    return uploaded;
                }
                if (request.getPath() != null && request.getPath().startsWith("/api/v1/files/")) {
                    fileRequests.add(request);
                    return file;
                }
                if ("/api/v1/models".equals(request.getPath())) {
                    modelRequests.add(request);
                    return models;
                }
                return new MockResponse().setResponseCode(404);
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private GigaChatSettings settings(int maxConcurrency, Duration timeout, Optional<Path> caFile) {
        String base = server.url("/").toString();
        return new GigaChatSettings(AUTH_KEY, "GIGACHAT_API_PERS", URI.create(base + "api/v2/oauth"),
                URI.create(base + "api/v1"), "GigaChat-2-Pro", 0.8, 0.9, 512, 1.1, timeout, maxConcurrency, caFile, true);
    }

    private GigaChatClient client() throws Exception {
        return client(settings(1, Duration.ofSeconds(5), Optional.empty()));
    }

    /** The real client with retry pauses shortened to keep the suite fast. */
    private static GigaChatClient client(GigaChatSettings settings) throws Exception {
        return client(settings, java.time.Clock.systemUTC());
    }

    private static GigaChatClient client(GigaChatSettings settings, java.time.Clock clock) throws Exception {
        return new GigaChatClient(settings, GigaChatTrust.create(settings.caFile()), clock,
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)), () -> 0.5);
    }

    private static CompletionRequest ask(String text) {
        return new CompletionRequest(List.of(ChatMessage.user(text)), 0.7, "tg-42");
    }

    private static MockResponse token(String value, Duration life) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(
                "{\"access_token\":\"" + value + "\",\"expires_at\":" + Instant.now().plus(life).toEpochMilli() + "}");
    }

    static MockResponse fixture(String name, int status) {
        try (InputStream in = GigaChatClientTest.class.getResourceAsStream("/fixtures/gigachat/" + name)) {
            return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                    .setBody(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MockResponse body(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    @Test
    void requestsLookLikeTheSeedsAndTheRecordedAnswerIsRead() throws Exception {
        try (GigaChatClient client = client()) {
            Completion completion = client.complete(new CompletionRequest(
                    List.of(new ChatMessage(ChatMessage.Role.SYSTEM, "Будь краток"), ChatMessage.user("Привет 👋")), 0.7, "tg-42"));

            assertEquals(new Completion("Hello.", "stop", new TokenUsage(17, 3, 20)), completion);
        }
        RecordedRequest tokenRequest = tokenRequests.get(0);
        assertEquals("POST", tokenRequest.getMethod());
        assertEquals("Basic " + AUTH_KEY, tokenRequest.getHeader("Authorization"));
        assertEquals("application/json", tokenRequest.getHeader("Accept"));
        assertTrue(tokenRequest.getHeader("Content-Type").startsWith("application/x-www-form-urlencoded"));
        assertEquals(4, UUID.fromString(tokenRequest.getHeader("RqUID")).version(), "RqUID is a uuid4");
        assertEquals("scope=GIGACHAT_API_PERS", tokenRequest.getBody().readUtf8());

        RecordedRequest chatRequest = chatRequests.get(0);
        assertEquals("Bearer token-1", chatRequest.getHeader("Authorization"));
        assertEquals("application/json", chatRequest.getHeader("Accept"));
        assertEquals("tg-42", chatRequest.getHeader("X-Session-ID"));
        UUID.fromString(chatRequest.getHeader("X-Request-ID"));
        JsonNode body = JSON.readTree(chatRequest.getBody().readUtf8());
        assertEquals(JSON.readTree("{\"model\":\"GigaChat-2-Pro\",\"messages\":[{\"role\":\"system\",\"content\":\"Будь краток\"},"
                + "{\"role\":\"user\",\"content\":\"Привет 👋\"}],\"temperature\":0.7,\"top_p\":0.9,\"n\":1,\"stream\":false,"
                + "\"max_tokens\":512,\"repetition_penalty\":1.1,\"function_call\":\"auto\"}"), body,
                "the seed's fields, and leave to draw");
    }

    @Test
    void eachTokenRequestHasAFreshRqUid() throws Exception {
        oauth = n -> token("short-" + n, Duration.ofSeconds(30)); // under the 60 s margin: never reused
        try (GigaChatClient client = client()) {
            client.complete(ask("a"));
            client.complete(ask("b"));
        }
        assertEquals(2, tokenHits.get());
        assertNotEquals(tokenRequests.get(0).getHeader("RqUID"), tokenRequests.get(1).getHeader("RqUID"));
    }

    @Test
    void tokenIsReusedAcrossCalls() throws Exception {
        try (GigaChatClient client = client()) {
            for (int i = 0; i < 5; i++) {
                client.complete(ask("q" + i));
            }
        }
        assertEquals(1, tokenHits.get());
        assertEquals(5, chatHits.get());
    }

    @Test
    void twentyConcurrentCallersShareOneTokenRefresh() throws Exception {
        oauth = n -> token("token-" + n, Duration.ofMinutes(30)).setBodyDelay(300, TimeUnit.MILLISECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try (GigaChatClient client = client(settings(20, Duration.ofSeconds(10), Optional.empty()))) {
            List<Future<Completion>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                results.add(pool.submit(() -> client.complete(ask("q" + n))));
            }
            for (Future<Completion> result : results) {
                assertEquals("Hello.", result.get().content());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, tokenHits.get());
        assertEquals(20, chatHits.get());
    }

    @Test
    void expiredTokenIsReplacedOnceAndTheCallRetried() throws Exception {
        chat = r -> "Bearer token-1".equals(r.getHeader("Authorization"))
                ? fixture("error_401_token_expired.json", 401)
                : fixture("recorded_chat_completion.200.json", 200);
        try (GigaChatClient client = client()) {
            assertEquals("Hello.", client.complete(ask("q")).content());
            assertEquals("Hello.", client.complete(ask("again")).content());
        }
        assertEquals(2, tokenHits.get(), "one new token");
        assertEquals(3, chatHits.get(), "one retry, then the new token is reused");
    }

    @Test
    void a401WithAFreshTokenTooMeansTheKeyIsRejected() throws Exception {
        chat = r -> fixture("error_401_token_expired.json", 401);
        try (GigaChatClient client = client()) {
            GigaChatException e = assertThrows(GigaChatException.class, () -> client.complete(ask("q")));
            assertEquals(Kind.KEY_REJECTED, e.kind());
        }
        assertEquals(2, tokenHits.get());
        assertEquals(2, chatHits.get(), "exactly one retry");
    }

    @Test
    void wrongAuthorizationKeyIsNotRetried() throws Exception {
        oauth = n -> body(401, "{\"code\":6,\"message\":\"credentials doesn't match db data\"}");
        try (GigaChatClient client = client()) {
            GigaChatException e = assertThrows(GigaChatException.class, () -> client.complete(ask("q")));
            assertEquals(Kind.KEY_REJECTED, e.kind());
            assertTrue(e.getMessage().contains("credentials doesn't match db data"), e.getMessage());
            assertFalse(e.getMessage().contains(AUTH_KEY), "the key is never in a message");
        }
        assertEquals(1, tokenHits.get());
        assertEquals(0, chatHits.get());
    }

    @ParameterizedTest
    @CsvSource({
            "429, '{\"status\":429,\"message\":\"Too many requests\"}', BUSY, 4",
            "500, '{\"status\":500,\"message\":\"Internal Server Error\"}', UNAVAILABLE, 4",
            "502, '<html>Bad Gateway</html>', UNAVAILABLE, 4",
            "503, '', UNAVAILABLE, 4",
            "504, '', UNAVAILABLE, 4",
            "501, '', UNAVAILABLE, 1",
            "402, '{\"status\":402,\"message\":\"Payment Required\"}', QUOTA, 1",
            "413, '{\"status\":413,\"message\":\"Payload too large\"}', TOO_LARGE, 1",
            "400, '{\"status\":400,\"message\":\"Invalid params\"}', REJECTED, 1",
            "403, '{\"status\":403,\"message\":\"Forbidden\"}', REJECTED, 1"})
    void errorStatusesAreMappedAndOnlyPassingOnesRetried(int status, String body, Kind kind, int attempts) throws Exception {
        chat = r -> body(status, body);
        try (GigaChatClient client = client()) {
            GigaChatException e = assertThrows(GigaChatException.class, () -> client.complete(ask("q")));
            assertEquals(kind, e.kind());
            assertTrue(e.getMessage().contains(String.valueOf(status)), e.getMessage());
            assertFalse(e.getMessage().contains("token-1"), "no access token in messages");
        }
        assertEquals(attempts, chatHits.get());
        assertEquals(1, tokenHits.get(), "retries reuse the token");
    }

    @Test
    void aPassingServerErrorIsRetriedAndTheAnswerArrives() throws Exception {
        chat = r -> chatHits.get() == 1 ? body(500, "{\"status\":500,\"message\":\"Internal Server Error\"}")
                : fixture("recorded_chat_completion.200.json", 200);
        try (GigaChatClient client = client()) {
            assertEquals("Hello.", client.complete(ask("q")).content());
        }
        assertEquals(2, chatHits.get());
    }

    @Test
    void aDroppedConnectionIsRetried() throws Exception {
        chat = r -> chatHits.get() == 1 ? new MockResponse().setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.DISCONNECT_AFTER_REQUEST)
                : fixture("recorded_chat_completion.200.json", 200);
        try (GigaChatClient client = client()) {
            assertEquals("Hello.", client.complete(ask("q")).content());
        }
        assertEquals(2, chatHits.get());
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        chat = r -> chatHits.get() == 1 ? body(429, "{\"status\":429,\"message\":\"Too many requests\"}").setHeader("Retry-After", "1")
                : fixture("recorded_chat_completion.200.json", 200);
        try (GigaChatClient client = client()) {
            long started = System.nanoTime();
            assertEquals("Hello.", client.complete(ask("q")).content());
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(1000), "waited as asked");
        }
    }

    @Test
    void retryAfterBeyondTheTimeoutGivesUpAtOnce() throws Exception {
        chat = r -> body(429, "{\"status\":429,\"message\":\"Too many requests\"}").setHeader("Retry-After", "120");
        try (GigaChatClient client = client(settings(1, Duration.ofSeconds(2), Optional.empty()))) {
            long started = System.nanoTime();
            assertEquals(Kind.BUSY, assertThrows(GigaChatException.class, () -> client.complete(ask("q"))).kind());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1));
        }
        assertEquals(1, chatHits.get());
    }

    @Test
    void outageLongerThanTheTimeoutEndsWithinTheTimeout() throws Exception {
        chat = r -> body(503, "").setBodyDelay(300, TimeUnit.MILLISECONDS);
        GigaChatSettings settings = settings(1, Duration.ofSeconds(1), Optional.empty());
        try (GigaChatClient client = new GigaChatClient(settings, GigaChatTrust.create(Optional.empty()), java.time.Clock.systemUTC(),
                new Backoff(Duration.ofMillis(400), Duration.ofSeconds(60)), () -> 0.99)) {
            long started = System.nanoTime();
            assertEquals(Kind.UNAVAILABLE, assertThrows(GigaChatException.class, () -> client.complete(ask("q"))).kind());
            assertTrue(System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(1500), "within the budget");
        }
        assertTrue(chatHits.get() >= 2 && chatHits.get() < Retries.MAX_ATTEMPTS, "retried while time allowed: " + chatHits.get());
    }

    @Test
    void retryAfterHeaderForms() {
        assertEquals(Optional.of(Duration.ofSeconds(3)), ApiErrors.retryAfter("3"));
        assertEquals(Optional.empty(), ApiErrors.retryAfter(null));
        assertEquals(Optional.empty(), ApiErrors.retryAfter("soon"));
        assertEquals(Optional.empty(), ApiErrors.retryAfter("-5"));
        assertEquals(Optional.empty(), ApiErrors.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"), "in the past");
        String future = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30));
        Duration wait = ApiErrors.retryAfter(future).orElseThrow();
        assertTrue(wait.toSeconds() > 20 && wait.toSeconds() <= 30, wait.toString());
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        chat = r -> new MockResponse().setResponseCode(302).setHeader("Location", "/elsewhere");
        try (GigaChatClient client = client()) {
            GigaChatException e = assertThrows(GigaChatException.class, () -> client.complete(ask("q")));
            assertEquals(Kind.REJECTED, e.kind());
            assertTrue(e.getMessage().contains("302"), e.getMessage());
        }
        assertEquals(1, chatHits.get());
    }

    @Test
    void recordedNoSuchModelAndUnprocessableAreNotRetried() throws Exception {
        chat = r -> fixture("recorded_no_such_model.404.json", 404);
        try (GigaChatClient client = client()) {
            GigaChatException e = assertThrows(GigaChatException.class, () -> client.complete(ask("q")));
            assertEquals(Kind.NO_SUCH_MODEL, e.kind());
            assertEquals(1, chatHits.get());
            assertTrue(e.getMessage().contains("404"), e.getMessage());
        }
        chat = r -> fixture("error_422_temperature_zero.json", 422);
        try (GigaChatClient client = client()) {
            GigaChatException e = assertThrows(GigaChatException.class, () -> client.complete(ask("q")));
            assertEquals(Kind.REJECTED, e.kind());
            assertTrue(e.getMessage().contains("temperature"), e.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"choices\": [",
            "{\"choices\": []}",
            "{}",
            "null",
            "{\"choices\": [{\"message\": {\"role\": \"assistant\"}, \"finish_reason\": \"stop\"}]}",
            "{\"choices\": [null]}"})
    void unusableAnswersAreBadAnswers(String body) throws Exception {
        chat = r -> body(200, body);
        try (GigaChatClient client = client()) {
            assertEquals(Kind.BAD_ANSWER, assertThrows(GigaChatException.class, () -> client.complete(ask("q"))).kind());
        }
    }

    @Test
    void unknownFieldsAndNewFinishReasonsAreFine() throws Exception {
        chat = r -> body(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Ok\",\"reasoning_content\":\"...\","
                + "\"functions_state_id\":\"x\"},\"index\":0,\"finish_reason\":\"something_new\"}],\"usage\":{\"precached_prompt_tokens\":3},"
                + "\"brand_new\":{\"nested\":[1,2]}}");
        try (GigaChatClient client = client()) {
            Completion completion = client.complete(ask("q"));
            assertEquals(new Completion("Ok", "something_new"), completion);
            assertFalse(completion.truncated());
        }
    }

    @Test
    void lengthFinishReasonMeansTruncated() throws Exception {
        chat = r -> body(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Long\"},\"finish_reason\":\"length\"}]}");
        try (GigaChatClient client = client()) {
            assertTrue(client.complete(ask("q")).truncated());
        }
    }

    @Test
    void aHangPastTheTimeoutIsATimeout() throws Exception {
        chat = r -> fixture("recorded_chat_completion.200.json", 200).setHeadersDelay(3, TimeUnit.SECONDS);
        try (GigaChatClient client = client(settings(1, Duration.ofSeconds(1), Optional.empty()))) {
            long started = System.nanoTime();
            GigaChatException e = assertThrows(GigaChatException.class, () -> client.complete(ask("q")));
            assertEquals(Kind.TIMEOUT, e.kind());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(3), "gave up at the timeout");
        }
    }

    @Test
    void unreachableServerIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        GigaChatSettings settings = new GigaChatSettings(AUTH_KEY, "GIGACHAT_API_PERS",
                URI.create("http://127.0.0.1:" + closedPort + "/api/v2/oauth"), URI.create("http://127.0.0.1:" + closedPort + "/api/v1"),
                "GigaChat", 0.8, 1, 10, 1, Duration.ofSeconds(5), 1, Optional.empty(), true);
        try (GigaChatClient client = client(settings)) {
            assertEquals(Kind.UNAVAILABLE, assertThrows(GigaChatException.class, () -> client.complete(ask("q"))).kind());
        }
    }

    @Test
    void concurrencyLimitIsKept() throws Exception {
        assertEquals(1, maxInFlight(1));
        int three = maxInFlight(3);
        assertTrue(three > 1 && three <= 3, "up to three at once, saw " + three);
    }

    private int maxInFlight(int limit) throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        chat = r -> {
            max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return fixture("recorded_chat_completion.200.json", 200);
        };
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (GigaChatClient client = client(settings(limit, Duration.ofSeconds(10), Optional.empty()))) {
            List<Future<Completion>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(pool.submit(() -> client.complete(ask("q"))));
            }
            for (Future<Completion> result : results) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }
        return max.get();
    }

    @Test
    void tlsServerIsTrustedOnlyThroughTheCaFile() throws Exception {
        HeldCertificate root = new HeldCertificate.Builder().certificateAuthority(0).commonName("Test Root CA").build();
        HeldCertificate serverCertificate = new HeldCertificate.Builder().signedBy(root)
                .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").build();
        HandshakeCertificates serverCerts = new HandshakeCertificates.Builder()
                .heldCertificate(serverCertificate, root.certificate()).build();
        server.shutdown();
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return "/api/v2/oauth".equals(request.getPath()) ? token("tls-token", Duration.ofMinutes(30))
                        : fixture("recorded_chat_completion.200.json", 200);
            }
        });
        server.useHttps(serverCerts.sslSocketFactory(), false);
        server.start(InetAddress.getLoopbackAddress(), 0);

        try (GigaChatClient client = client(settings(1, Duration.ofSeconds(5), Optional.empty()))) {
            GigaChatException e = assertThrows(GigaChatException.class, () -> client.complete(ask("q")));
            assertEquals(Kind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().contains("TLS certificate"), e.getMessage());
        }
        Path pem = Files.writeString(dir.resolve("root.pem"), root.certificatePem());
        try (GigaChatClient client = client(settings(1, Duration.ofSeconds(5), Optional.of(pem)))) {
            assertEquals("Hello.", client.complete(ask("q")).content());
        }
    }

    @Test
    void bundledRussianCertificatesAreTrustedBesideTheDefaults() throws Exception {
        GigaChatTrust trust = GigaChatTrust.create(Optional.empty());
        List<String> subjects = new ArrayList<>();
        for (var issuer : trust.trustManager().getAcceptedIssuers()) {
            subjects.add(issuer.getSubjectX500Principal().getName());
        }
        assertTrue(subjects.stream().anyMatch(s -> s.contains("CN=Russian Trusted Root CA")), "root");
        assertTrue(subjects.stream().anyMatch(s -> s.contains("CN=Russian Trusted Sub CA")), "sub CA");
        assertTrue(subjects.size() > 10, "the JVM's default roots are kept: " + subjects.size());
    }

    @Test
    void unusableCaFilesAreClearErrors() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 💥\n-----END CERTIFICATE-----\n");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path missing = dir.resolve("missing.pem");
        for (Path file : List.of(garbage, empty, missing)) {
            GigaChatTrustException e = assertThrows(GigaChatTrustException.class, () -> GigaChatTrust.create(Optional.of(file)));
            assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        }
    }

    // ---- streaming ------------------------------------------------------------------------------

    private static MockResponse sse(String name) {
        return fixture(name, 200).setHeader("Content-Type", "text/event-stream");
    }

    @Test
    void streamDeliversTheRecordedAnswerPieceByPiece() throws Exception {
        chat = r -> sse("recorded_stream.200.sse");
        List<String> progress = new ArrayList<>();
        Completion completion;
        try (GigaChatClient client = client()) {
            completion = client.stream(ask("Посчитай до трёх"), progress::add);
        }

        String full = "$1\\, 2\\, 3$  \n\n**Подробный разбор:**\n- Начинаем счёт с единицы.\n"
                + "- Добавляем следующее число — двойку.\n- Заканчиваем счётом числом три.";
        assertEquals(new Completion(full, "stop", new TokenUsage(17, 42, 59)), completion, "usage comes in the last event");
        assertTrue(progress.size() >= 3, "several steps: " + progress.size());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i).startsWith(progress.get(i - 1)), "text only grows");
        }
        assertEquals(full, progress.get(progress.size() - 1));
        RecordedRequest request = chatRequests.get(0);
        assertEquals("text/event-stream", request.getHeader("Accept"));
        assertTrue(JSON.readTree(request.getBody().readUtf8()).get("stream").asBoolean());
    }

    @Test
    void sdkStreamFixtureIsReadToo() throws Exception {
        chat = r -> sse("chat_completion.stream");
        try (GigaChatClient client = client()) {
            Completion completion = client.stream(ask("q"), text -> { });
            assertFalse(completion.content().isEmpty());
            assertFalse(completion.interrupted());
        }
    }

    @Test
    void streamBrokenMidwayEndsWithWhatArrived() throws Exception {
        String events = "data: {\"choices\":[{\"delta\":{\"content\":\"Начало \"},\"index\":0}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"ответа\"},\"index\":0}]}\n\n";
        chat = r -> new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(events);
        try (GigaChatClient client = client()) {
            Completion completion = client.stream(ask("q"), text -> { });
            assertEquals(new Completion("Начало ответа", Completion.INTERRUPTED), completion);
            assertTrue(completion.interrupted());
        }
        assertEquals(1, chatHits.get(), "no retry once text has been shown");
    }

    @Test
    void streamFailingBeforeAnyTextIsRetried() throws Exception {
        chat = r -> chatHits.get() == 1 ? FakeStreams.cutBeforeAnyText() : sse("recorded_stream.200.sse");
        try (GigaChatClient client = client()) {
            assertFalse(client.stream(ask("q"), text -> { }).interrupted());
        }
        assertEquals(2, chatHits.get());
    }

    @Test
    void streamErrorsBeforeTheStreamAreMappedAndRetriedLikeCalls() throws Exception {
        chat = r -> chatHits.get() == 1 ? body(503, "") : sse("recorded_stream.200.sse");
        try (GigaChatClient client = client()) {
            assertEquals("stop", client.stream(ask("q"), text -> { }).finishReason());
        }
        chat = r -> body(402, "{\"status\":402,\"message\":\"Payment Required\"}");
        try (GigaChatClient client = client()) {
            assertEquals(Kind.QUOTA, assertThrows(GigaChatException.class, () -> client.stream(ask("q"), text -> { })).kind());
        }
    }

    @Test
    void streamWithGarbageIsABadAnswer() throws Exception {
        chat = r -> new MockResponse().setHeader("Content-Type", "text/event-stream").setBody("data: {not json\n\n");
        try (GigaChatClient client = client()) {
            assertEquals(Kind.BAD_ANSWER, assertThrows(GigaChatException.class, () -> client.stream(ask("q"), text -> { })).kind());
        }
    }

    /** Responses that break a stream. */
    private static final class FakeStreams {
        static MockResponse cutBeforeAnyText() {
            return new MockResponse().setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.DISCONNECT_AFTER_REQUEST);
        }
    }

    // ---- models ---------------------------------------------------------------------------------

    @Test
    void chatModelsAreListedAsRecordedWithoutEmbeddersAndRememberedForAFewMinutes() throws Exception {
        ManualClock clock = new ManualClock(Instant.now());
        try (GigaChatClient client = client(settings(1, Duration.ofSeconds(5), Optional.empty()), clock)) {
            List<String> listed = client.models().chatModels();

            assertEquals(13, listed.size(), listed.toString());
            assertEquals(List.of("GigaChat", "GigaChat-2", "GigaChat-2-Max"), listed.subList(0, 3));
            assertFalse(listed.contains("Embeddings") || listed.contains("GigaFilter") || listed.contains("GigaCheckDetection"));
            assertEquals("Bearer token-1", modelRequests.get(0).getHeader("Authorization"));
            assertEquals("GET", modelRequests.get(0).getMethod());

            clock.advance(GigaChatModels.CACHE_FOR.minusSeconds(1));
            assertEquals(listed, client.models().chatModels());
            assertEquals(1, modelRequests.size());

            models = body(200, "{\"object\":\"list\",\"data\":[{\"id\":\"GigaChat-3\",\"type\":\"chat\"},{\"id\":\"GigaChat-3\"},"
                    + "{\"id\":\"\"},null,{\"type\":\"chat\"}]}");
            clock.advance(Duration.ofSeconds(1));
            assertEquals(List.of("GigaChat-3"), client.models().chatModels());
            assertEquals(2, modelRequests.size());
        }
    }

    @Test
    void aBrokenModelListIsABadAnswerRememberedForHalfAMinute() throws Exception {
        ManualClock clock = new ManualClock(Instant.now());
        try (GigaChatClient client = client(settings(1, Duration.ofSeconds(5), Optional.empty()), clock)) {
            for (String broken : List.of("{\"object\":\"list\"}", "not json", "null")) {
                models = body(200, broken);
                assertEquals(Kind.BAD_ANSWER, assertThrows(GigaChatException.class, () -> client.models().chatModels()).kind(), broken);
                clock.advance(GigaChatModels.FAILURE_CACHE_FOR);
            }
            models = body(503, "{\"status\":503,\"message\":\"down\"}");
            assertEquals(Kind.UNAVAILABLE, assertThrows(GigaChatException.class, () -> client.models().chatModels()).kind());
            int asked = modelRequests.size();

            models = fixture("recorded_models.200.json", 200);
            clock.advance(GigaChatModels.FAILURE_CACHE_FOR.minusSeconds(1));
            assertEquals(Kind.UNAVAILABLE, assertThrows(GigaChatException.class, () -> client.models().chatModels()).kind(),
                    "still remembered");
            assertEquals(asked, modelRequests.size(), "no call while the failure is remembered");
            clock.advance(Duration.ofSeconds(1));
            assertEquals("GigaChat", client.models().chatModels().get(0));
        }
    }

    @Test
    void theChatsModelGoesIntoTheRequestAndTheDefaultOtherwise() throws Exception {
        try (GigaChatClient client = client()) {
            client.complete(new CompletionRequest(List.of(ChatMessage.user("q")), 0.7, null, "GigaChat-2-Max"));
            client.complete(ask("q"));

            assertEquals("GigaChat-2-Max", JSON.readTree(chatRequests.get(0).getBody().readUtf8()).get("model").asText());
            assertEquals("GigaChat-2-Pro", JSON.readTree(chatRequests.get(1).getBody().readUtf8()).get("model").asText());
        }
    }

    @Test
    void missingOrNonsenseUsageCountsAsNone() throws Exception {
        String answer = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Да\"},\"finish_reason\":\"stop\"}]";
        try (GigaChatClient client = client()) {
            for (String usage : List.of("", ",\"usage\":null", ",\"usage\":{}", ",\"usage\":{\"total_tokens\":-5}",
                    ",\"usage\":{\"total_tokens\":\"много\"}", ",\"usage\":{\"total_tokens\":99999999999999999999999}",
                    ",\"usage\":\"a lot\"", ",\"usage\":[1,2]", ",\"usage\":{\"total_tokens\":1.5e400}")) {
                chat = r -> body(200, answer + usage + "}");
                Completion completion = client.complete(ask("q"));
                assertEquals(new Completion("Да", "stop", TokenUsage.NONE), completion, "a good answer whatever its usage: " + usage);
            }
            chat = r -> body(200, answer + ",\"usage\":{\"total_tokens\":7,\"prompt_tokens\":-1}}");
            assertEquals(new TokenUsage(0, 0, 7), client.complete(ask("q")).usage());
        }
    }

    // ---- pictures -------------------------------------------------------------------------------

    @Test
    void theModelMayDrawUnlessSwitchedOff() throws Exception {
        try (GigaChatClient client = client()) {
            client.complete(ask("нарисуй кота"));
        }
        GigaChatSettings off = settings(1, Duration.ofSeconds(5), Optional.empty());
        off = new GigaChatSettings(off.authKey(), off.scope(), off.authUrl(), off.apiUrl(), off.model(), off.temperature(), off.topP(),
                off.maxTokens(), off.repetitionPenalty(), off.timeout(), off.maxConcurrency(), off.caFile(), false);
        try (GigaChatClient client = client(off)) {
            client.complete(ask("нарисуй кота"));
        }
        assertEquals("auto", JSON.readTree(chatRequests.get(0).getBody().readUtf8()).get("function_call").asText());
        assertFalse(JSON.readTree(chatRequests.get(1).getBody().readUtf8()).has("function_call"));
    }

    @Test
    void aDrawnPictureIsFetchedByItsIdWithTheToken() throws Exception {
        try (GigaChatClient client = client()) {
            byte[] jpeg = client.images().image("b28fbd4f-105a-43e0-ba5a-2faa80b1f43c");

            assertEquals(List.of((byte) 0xFF, (byte) 0xD8, (byte) 1, (byte) 2), List.of(jpeg[0], jpeg[1], jpeg[2], jpeg[3]));
            assertEquals(4, jpeg.length);
        }
        RecordedRequest request = fileRequests.get(0);
        assertEquals("/api/v1/files/b28fbd4f-105a-43e0-ba5a-2faa80b1f43c/content", request.getPath());
        assertEquals("GET", request.getMethod());
        assertEquals("application/jpg", request.getHeader("Accept"));
        assertEquals("Bearer token-1", request.getHeader("Authorization"));
    }

    @Test
    void impossibleIdsAreRefusedWithoutARequest() throws Exception {
        try (GigaChatClient client = client()) {
            for (String id : new String[] {"../../oauth", "a/b", "", "x".repeat(65), "кот", "🐈", "a b", "id?x=1", null}) {
                assertEquals(Kind.BAD_ANSWER, assertThrows(GigaChatException.class, () -> client.images().image(id)).kind(), id);
            }
        }
        assertTrue(fileRequests.isEmpty());
    }

    @Test
    void anEmptyHugeOrMissingPictureIsAFailure() throws Exception {
        try (GigaChatClient client = client()) {
            file = new MockResponse().setBody("");
            assertEquals(Kind.BAD_ANSWER, assertThrows(GigaChatException.class, () -> client.images().image("abc")).kind());
            file = new MockResponse().setBody(new okio.Buffer().write(new byte[(int) GigaChatFiles.MAX_IMAGE_BYTES + 1]));
            assertEquals(Kind.TOO_LARGE, assertThrows(GigaChatException.class, () -> client.images().image("abc")).kind());
            file = body(404, "{\"status\":404,\"message\":\"File not found\"}");
            assertEquals(Kind.REJECTED, assertThrows(GigaChatException.class, () -> client.images().image("abc")).kind());
        }
    }

    // ---- files users send -----------------------------------------------------------------------

    @Test
    void aFileIsUploadedAsMultipartWithItsNameTypeAndPurpose() throws Exception {
        byte[] pdf = "%PDF-1.7 отчёт".getBytes(StandardCharsets.UTF_8);
        StoredFile stored;
        try (GigaChatClient client = client()) {
            stored = client.files().upload("Отчёт.pdf", "application/pdf", new java.io.ByteArrayInputStream(pdf), pdf.length, 1000);
        }
        assertEquals(new StoredFile("6f0b1291-c7f3-43c6-bb2e-9f3efb2dc98e", pdf.length), stored, "its size as sent");
        RecordedRequest request = fileRequests.get(0);
        assertEquals("POST", request.getMethod());
        assertEquals("Bearer token-1", request.getHeader("Authorization"));
        assertTrue(request.getHeader("Content-Type").startsWith("multipart/form-data; boundary="));
        String body = request.getBody().readUtf8();
        assertTrue(body.contains("Content-Disposition: form-data; name=\"file\"; filename=\"Отчёт.pdf\""), body);
        assertTrue(body.contains("Content-Type: application/pdf"), body);
        assertTrue(body.contains("%PDF-1.7 отчёт"), body);
        assertTrue(body.contains("name=\"purpose\"") && body.contains("general"), body);
    }

    @Test
    void aFileLongerThanAllowedIsStoppedWhileStreaming() throws Exception {
        try (GigaChatClient client = client()) {
            GigaChatException e = assertThrows(GigaChatException.class, () -> client.files().upload("big.pdf", "application/pdf",
                    new java.io.ByteArrayInputStream(new byte[200_000]), -1, 100_000));
            assertEquals(Kind.TOO_LARGE, e.kind());
        }
    }

    @Test
    void anUploadAnswerWithoutAUsableIdIsABadAnswer() throws Exception {
        try (GigaChatClient client = client()) {
            for (String answer : List.of("{}", "{\"id\":\"../x\"}", "[]", "oops")) {
                uploaded = body(200, answer);
                assertEquals(Kind.BAD_ANSWER, assertThrows(GigaChatException.class, () -> client.files().upload("a.txt", "text/plain",
                        new java.io.ByteArrayInputStream(new byte[] {1}), 1, 10)).kind(), answer);
            }
            uploaded = body(413, "{\"status\":413,\"message\":\"Payload too large\"}");
            assertEquals(Kind.TOO_LARGE, assertThrows(GigaChatException.class, () -> client.files().upload("a.txt", "text/plain",
                    new java.io.ByteArrayInputStream(new byte[] {1}), 1, 10)).kind());
        }
    }

    @Test
    void deletingPostsToTheFilesDeleteAndNeverThrows() throws Exception {
        try (GigaChatClient client = client()) {
            file = body(200, "{\"id\":\"abc\",\"deleted\":true}");
            client.files().delete("6f0b1291-c7f3-43c6-bb2e-9f3efb2dc98e");
            file = body(500, "{\"status\":500,\"message\":\"oops\"}");
            client.files().delete("abc");
            client.files().delete("../../oauth");
            client.files().delete(null);
        }
        assertEquals(List.of("POST /api/v1/files/6f0b1291-c7f3-43c6-bb2e-9f3efb2dc98e/delete", "POST /api/v1/files/abc/delete"),
                fileRequests.stream().map(r -> r.getMethod() + " " + r.getPath()).toList(), "an impossible id is not sent");
    }

    // ---- the seams ------------------------------------------------------------------------------

    @Test
    void aModelThatCannotStreamAnswersAllAtOnce() throws Exception {
        ChatModel whole = request -> new Completion("целиком", "stop");
        List<String> progress = new ArrayList<>();

        assertEquals(new Completion("целиком", "stop"), whole.stream(ask("q"), progress::add));
        assertEquals(List.of("целиком"), progress);
    }

    @Test
    void retryPausesGoThroughTheSleeperAndAnInterruptEndsThem() throws Exception {
        chat = r -> chatHits.get() < 3 ? body(503, "") : fixture("recorded_chat_completion.200.json", 200);
        List<Duration> pauses = new ArrayList<>();
        GigaChatSettings settings = settings(1, Duration.ofSeconds(30), Optional.empty());
        try (GigaChatClient client = new GigaChatClient(settings, GigaChatTrust.create(Optional.empty()), java.time.Clock.systemUTC(),
                new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60)), () -> 0.5, pauses::add, System::nanoTime)) {
            assertEquals("Hello.", client.complete(ask("q")).content());
        }
        assertEquals(List.of(Duration.ofMillis(1500), Duration.ofMillis(3000)), pauses, "2 s x 2^n, x 0.75 jitter");

        chat = r -> body(503, "");
        try (GigaChatClient client = new GigaChatClient(settings, GigaChatTrust.create(Optional.empty()), java.time.Clock.systemUTC(),
                new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60)), () -> 0.5, pause -> {
                    throw new InterruptedException();
                }, System::nanoTime)) {
            GigaChatException e = assertThrows(GigaChatException.class, () -> client.complete(ask("q")));
            assertEquals(Kind.UNAVAILABLE, e.kind());
            assertTrue(Thread.interrupted(), "the interrupt is kept");
        }
    }

    @Test
    void aCallerInterruptedWhileWaitingForASlotGivesUpAndLeavesTheSlot() throws Exception {
        try (GigaChatClient client = client()) {
            Thread.currentThread().interrupt();
            GigaChatException e = assertThrows(GigaChatException.class, () -> client.complete(ask("q")));
            assertEquals(Kind.UNAVAILABLE, e.kind());
            assertTrue(Thread.interrupted());
            assertEquals("Hello.", client.complete(ask("q")).content(), "the one slot is still free");
        }
    }

    @Test
    void uploadsOfExactlyTheLimitAndPicturesOfExactlyTenMegabytesPass() throws Exception {
        try (GigaChatClient client = client()) {
            client.files().upload("a.txt", "text/plain", new java.io.ByteArrayInputStream(new byte[1000]), 1000, 1000);
            file = new MockResponse().setBody(new okio.Buffer().write(new byte[(int) GigaChatFiles.MAX_IMAGE_BYTES]));
            assertEquals(GigaChatFiles.MAX_IMAGE_BYTES, client.images().image("abc").length);
        }
    }

    @Test
    void anUnknownModelIsItsOwnKindAndOther404sAreRefusals() throws Exception {
        try (GigaChatClient client = client()) {
            chat = r -> fixture("recorded_no_such_model.404.json", 404);
            assertEquals(Kind.NO_SUCH_MODEL, assertThrows(GigaChatException.class, () -> client.complete(ask("q"))).kind());
            chat = r -> body(404, "<html>Not Found</html>");
            assertEquals(Kind.REJECTED, assertThrows(GigaChatException.class, () -> client.complete(ask("q"))).kind());
        }
    }

    @Test
    void aWithdrawnQuestionIsNeverSentAndACostIsToldInItsTurn() throws Exception {
        List<TokenUsage> told = new ArrayList<>();
        Admission no = new Admission() {
            @Override
            public boolean admit() {
                return false;
            }

            @Override
            public void spent(TokenUsage usage) {
                told.add(usage);
            }
        };
        Admission yes = new Admission() {
            @Override
            public boolean admit() {
                return true;
            }

            @Override
            public void spent(TokenUsage usage) {
                told.add(usage);
            }
        };
        try (GigaChatClient client = client()) {
            GigaChatException e = assertThrows(GigaChatException.class,
                    () -> client.complete(new CompletionRequest(List.of(ChatMessage.user("q")), 0.7, null, null, no)));
            assertEquals(Kind.WITHDRAWN, e.kind());
            assertEquals(0, chatHits.get(), "nothing sent");
            assertEquals(0, tokenHits.get(), "not even a token fetched");

            client.complete(new CompletionRequest(List.of(ChatMessage.user("q")), 0.7, null, null, yes));
        }
        assertEquals(List.of(new TokenUsage(17, 3, 20)), told);
    }
}
