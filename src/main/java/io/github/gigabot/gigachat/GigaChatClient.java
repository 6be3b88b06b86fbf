package io.github.gigabot.gigachat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.config.GigaChatSettings;
import io.github.gigabot.gigachat.GigaChatException.Kind;
import io.github.gigabot.gigachat.WireFormat.Choice;
import io.github.gigabot.gigachat.WireFormat.CompletionBody;
import io.github.gigabot.gigachat.WireFormat.CompletionResponse;
import io.github.gigabot.gigachat.WireFormat.ErrorBody;
import io.github.gigabot.gigachat.WireFormat.Message;
import io.github.gigabot.gigachat.WireFormat.StreamChoice;
import io.github.gigabot.gigachat.WireFormat.StreamChunk;
import io.github.gigabot.gigachat.WireFormat.TokenResponse;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks HTTP to GigaChat: the seed's {@code get_token} and {@code gigachat_gpt}, done properly.
 * Tokens are cached and refreshed once for all callers; a 401 from the API gets one fresh token and
 * one retry; 429, 5xx and transport failures are retried with backoff while the call's time budget
 * lasts; at most {@code gigachat.max-concurrency} calls run at once, the rest wait in order, and
 * {@code gigachat.timeout} counts from a call's start, not from when it began to wait.
 * Every failure becomes a {@link GigaChatException} whose kind says what the user should hear.
 */
public final class GigaChatClient implements ChatModel, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GigaChatClient.class);
    private static final MediaType JSON = MediaType.get("application/json");
    /** A token is replaced when less than this is left, so it never expires mid-request. */
    static final Duration TOKEN_MARGIN = Duration.ofSeconds(60);
    private static final int MAX_ERROR_BODY = 2048;
    /** One call and up to three retries of 429, 5xx and transport failures, all within the timeout. */
    static final int MAX_ATTEMPTS = 4;
    private static final Duration RETRY_BASE = Duration.ofMillis(500);
    private static final Duration RETRY_CAP = Duration.ofSeconds(60);

    private final GigaChatSettings settings;
    private final OkHttpClient http;
    private final ObjectMapper json;
    private final TokenCache tokens;
    private final Semaphore slots;
    private final RetryBackoff backoff;
    private final HttpUrl completionsUrl;

    GigaChatClient(GigaChatSettings settings, GigaChatTrust trust, Clock clock, RetryBackoff backoff) {
        this.settings = settings;
        this.backoff = backoff;
        this.http = new OkHttpClient.Builder()
                .sslSocketFactory(trust.socketFactory(), trust.trustManager())
                // A redirected POST may turn into a GET: a redirect means a wrong URL, not a detour.
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(Duration.ofSeconds(10))
                .callTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .build();
        this.json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.tokens = new TokenCache(this::fetchToken, clock, TOKEN_MARGIN);
        this.slots = new Semaphore(settings.maxConcurrency(), true);
        this.completionsUrl = HttpUrl.get(settings.apiUrl().toString()).newBuilder()
                .addPathSegments("chat/completions").build();
    }

    /**
     * Creates the client for the configured GigaChat.
     *
     * @throws GigaChatTrustException when {@code gigachat.ca-file} cannot be used
     */
    public static GigaChatClient create(GigaChatSettings settings) throws GigaChatTrustException {
        return new GigaChatClient(settings, GigaChatTrust.create(settings.caFile()), Clock.systemUTC(),
                new RetryBackoff(RETRY_BASE, RETRY_CAP, () -> ThreadLocalRandom.current().nextDouble()));
    }

    @Override
    public Completion complete(CompletionRequest request) throws GigaChatException {
        return call(request, null);
    }

    /**
     * Streams the answer ({@code stream: true}, server-sent events). Failures before the first text
     * are retried like {@link #complete}; a stream that breaks after some text ends with that text.
     */
    @Override
    public Completion stream(CompletionRequest request, Consumer<String> progress) throws GigaChatException {
        return call(request, progress);
    }

    /** One model call with its retries; streamed when {@code progress} is not null. */
    private Completion call(CompletionRequest request, Consumer<String> progress) throws GigaChatException {
        try {
            // A turn is waited for as long as it takes (the chat shows "typing…" meanwhile): with a
            // personal key one request runs at a time, and queueing is not GigaChat being slow.
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GigaChatException(Kind.UNAVAILABLE, "interrupted while waiting for a GigaChat slot", e);
        }
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        try {
            String body = json.writeValueAsString(body(request, progress != null));
            for (int attempt = 0; ; attempt++) {
                try {
                    return completeOnce(body, request.sessionId(), deadline, progress);
                } catch (GigaChatException e) {
                    Optional<Duration> wait = retryWait(e, attempt, deadline);
                    if (wait.isEmpty()) {
                        throw e;
                    }
                    log.info("GigaChat call failed ({}); retry {} of {} in {} ms",
                            e.getMessage(), attempt + 1, MAX_ATTEMPTS - 1, wait.get().toMillis());
                    pause(wait.get());
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a completion request", e);
        } finally {
            slots.release();
        }
    }

    /** One call, with one fresh token and one retry if the API rejects the cached token. */
    private Completion completeOnce(String body, String sessionId, long deadline, Consumer<String> progress)
            throws GigaChatException {
        AccessToken token = tokens.get(deadline);
        try {
            return post(body, token, sessionId, deadline, progress);
        } catch (TokenRejected first) {
            // The token died early (revoked, clock skew): one fresh token, one retry.
            log.info("GigaChat rejected the access token ({}); fetching a new one and retrying once", first.getMessage());
            tokens.invalidate(token);
            try {
                return post(body, tokens.get(deadline), sessionId, deadline, progress);
            } catch (TokenRejected again) {
                throw new GigaChatException(Kind.KEY_REJECTED, "GigaChat rejected a fresh access token too: " + again.getMessage());
            }
        }
    }

    /** The wait before another attempt, or empty when the failure is final or time is up. */
    private Optional<Duration> retryWait(GigaChatException failure, int attempt, long deadline) {
        if (!failure.retryable() || attempt + 1 >= MAX_ATTEMPTS) {
            return Optional.empty();
        }
        Duration wait = backoff.delay(attempt, failure.retryAfter());
        return System.nanoTime() + wait.toNanos() < deadline ? Optional.of(wait) : Optional.empty();
    }

    private static void pause(Duration wait) throws GigaChatException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GigaChatException(Kind.UNAVAILABLE, "interrupted while waiting to retry", e);
        }
    }

    private CompletionBody body(CompletionRequest request, boolean stream) {
        List<Message> messages = request.messages().stream()
                .map(message -> new Message(message.role().wireName(), message.content()))
                .toList();
        return new CompletionBody(settings.model(), messages, request.temperature(), settings.topP(), 1, stream,
                settings.maxTokens(), settings.repetitionPenalty());
    }

    private Completion post(String body, AccessToken token, String sessionId, long deadlineNanos, Consumer<String> progress)
            throws GigaChatException, TokenRejected {
        long leftNanos = deadlineNanos - System.nanoTime();
        if (leftNanos <= 0) {
            throw new GigaChatException(Kind.TIMEOUT, "GigaChat call ran out of time after " + settings.timeout().toSeconds() + " s");
        }
        Request.Builder request = new Request.Builder()
                .url(completionsUrl)
                .header("Authorization", "Bearer " + token.value())
                .header("Accept", progress == null ? "application/json" : "text/event-stream")
                .header("X-Request-ID", UUID.randomUUID().toString())
                .post(RequestBody.create(body, JSON));
        if (sessionId != null) {
            request.header("X-Session-ID", sessionId);
        }
        okhttp3.Call call = http.newCall(request.build());
        call.timeout().timeout(leftNanos, TimeUnit.NANOSECONDS);
        try (Response response = call.execute()) {
            if (response.isSuccessful() && progress != null) {
                return readStream(response.body(), progress);
            }
            String text = readBody(response);
            if (response.code() == 401) {
                throw new TokenRejected("401 " + errorMessage(text));
            }
            if (!response.isSuccessful()) {
                throw apiError(response, text);
            }
            return completion(text);
        } catch (IOException e) {
            throw transportError("chat/completions", e);
        }
    }

    /**
     * Reads {@code data: {json}} events up to {@code data: [DONE]}, passing the text so far on as it
     * grows. Once some text has arrived, a broken stream is not an error: the user gets what came.
     */
    private Completion readStream(ResponseBody body, Consumer<String> progress) throws GigaChatException {
        StringBuilder text = new StringBuilder();
        String finishReason = null;
        try {
            BufferedSource source = body.source();
            for (String line = source.readUtf8Line(); line != null; line = source.readUtf8Line()) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                String data = line.substring("data:".length()).strip();
                if (data.equals("[DONE]")) {
                    return new Completion(text.toString(), finishReason == null ? "stop" : finishReason);
                }
                StreamChunk chunk = json.readValue(data, StreamChunk.class);
                StreamChoice choice = chunk == null || chunk.choices() == null || chunk.choices().isEmpty() ? null : chunk.choices().get(0);
                if (choice == null) {
                    continue;
                }
                if (choice.delta() != null && choice.delta().content() != null && !choice.delta().content().isEmpty()) {
                    text.append(choice.delta().content());
                    progress.accept(text.toString());
                }
                if (choice.finishReason() != null) {
                    finishReason = choice.finishReason();
                }
            }
            if (finishReason != null) {
                return new Completion(text.toString(), finishReason); // [DONE] is only a formality.
            }
            return brokenStream(text, "the stream ended without finishing", null);
        } catch (JsonProcessingException e) {
            return brokenStream(text, "malformed event: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            return brokenStream(text, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private Completion brokenStream(StringBuilder text, String why, Exception cause) throws GigaChatException {
        if (text.length() == 0) {
            if (cause instanceof IOException && !(cause instanceof JsonProcessingException)) {
                throw transportError("chat/completions", (IOException) cause);
            }
            throw new GigaChatException(Kind.BAD_ANSWER, "GigaChat stream gave no text: " + why);
        }
        log.warn("GigaChat stream broke off after {} characters: {}", text.length(), why);
        return new Completion(text.toString(), Completion.INTERRUPTED);
    }

    private Completion completion(String text) throws GigaChatException {
        CompletionResponse parsed;
        try {
            parsed = json.readValue(text, CompletionResponse.class);
        } catch (JsonProcessingException e) {
            throw new GigaChatException(Kind.BAD_ANSWER, "GigaChat answered with malformed JSON: " + e.getOriginalMessage());
        }
        if (parsed == null || parsed.choices() == null || parsed.choices().isEmpty()) {
            throw new GigaChatException(Kind.BAD_ANSWER, "GigaChat answered without choices");
        }
        Choice choice = parsed.choices().get(0);
        if (choice == null || choice.message() == null || choice.message().content() == null) {
            throw new GigaChatException(Kind.BAD_ANSWER, "GigaChat answered without message content");
        }
        return new Completion(choice.message().content(), choice.finishReason());
    }

    private AccessToken fetchToken() throws GigaChatException {
        Request request = new Request.Builder()
                .url(settings.authUrl().toString())
                .header("Accept", "application/json")
                .header("RqUID", UUID.randomUUID().toString())
                .header("Authorization", "Basic " + settings.authKey())
                .post(new FormBody.Builder().add("scope", settings.scope()).build())
                .build();
        try (Response response = http.newCall(request).execute()) {
            String text = readBody(response);
            if (response.code() == 401) {
                throw new GigaChatException(Kind.KEY_REJECTED, "GigaChat OAuth rejected the authorization key (401 "
                        + errorMessage(text) + "): check gigachat.auth-key and gigachat.scope");
            }
            if (!response.isSuccessful()) {
                throw apiError(response, text);
            }
            TokenResponse token = json.readValue(text, TokenResponse.class);
            if (token == null || token.accessToken() == null || token.accessToken().isBlank() || token.expiresAt() == null) {
                throw new GigaChatException(Kind.BAD_ANSWER, "GigaChat OAuth answered without access_token or expires_at");
            }
            Instant expiresAt = Instant.ofEpochMilli(token.expiresAt());
            log.info("GigaChat access token obtained, valid until {}", expiresAt);
            return new AccessToken(token.accessToken(), expiresAt);
        } catch (JsonProcessingException e) {
            throw new GigaChatException(Kind.BAD_ANSWER, "GigaChat OAuth answered with malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw transportError("oauth", e);
        }
    }

    private static String readBody(Response response) throws IOException {
        ResponseBody body = response.body();
        return body == null ? "" : body.string();
    }

    /** A 401 from the API, which one fresh token may cure. */
    private static final class TokenRejected extends Exception {
        TokenRejected(String message) {
            super(message, null, false, false);
        }
    }

    private GigaChatException apiError(Response response, String body) {
        int status = response.code();
        String detail = status + " " + errorMessage(body);
        log.warn("GigaChat answered {}", detail);
        switch (status) {
            case 401:
                return new GigaChatException(Kind.KEY_REJECTED, "GigaChat rejected the credentials: " + detail);
            case 402:
                return new GigaChatException(Kind.QUOTA, "GigaChat quota used up: " + detail);
            case 413:
                return new GigaChatException(Kind.TOO_LARGE, "request too large for GigaChat: " + detail);
            case 429:
                return GigaChatException.transientFailure(Kind.BUSY, "GigaChat is rate limiting: " + detail, null,
                        retryAfter(response.header("Retry-After")).orElse(null));
            case 500:
            case 502:
            case 503:
            case 504:
                return GigaChatException.transientFailure(Kind.UNAVAILABLE, "GigaChat server error: " + detail, null,
                        retryAfter(response.header("Retry-After")).orElse(null));
            default:
                if (status >= 500) {
                    return new GigaChatException(Kind.UNAVAILABLE, "GigaChat server error: " + detail);
                }
                return new GigaChatException(Kind.REJECTED, "GigaChat refused the request: " + detail);
        }
    }

    /** {@code Retry-After} as seconds or an HTTP date; nonsense and the past count as absent. */
    static Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        try {
            if (value.matches("[0-9]{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(Instant.now(), at);
            return wait.isNegative() ? Optional.empty() : Optional.of(wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private String errorMessage(String body) {
        try {
            ErrorBody error = json.readValue(body, ErrorBody.class);
            if (error != null && error.message() != null) {
                return oneLine(error.message());
            }
        } catch (JsonProcessingException e) {
            // Not GigaChat's JSON (a proxy's HTML page, say): show the start of it instead.
        }
        return oneLine(body.length() > MAX_ERROR_BODY ? body.substring(0, MAX_ERROR_BODY) : body);
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }

    private GigaChatException transportError(String endpoint, IOException e) {
        if (e instanceof SSLException) {
            // A certificate problem does not pass by itself: no retry.
            return new GigaChatException(Kind.UNAVAILABLE, "TLS certificate problem talking to GigaChat " + endpoint
                    + " (" + e.getMessage() + "); if a proxy re-signs traffic, add its CA with gigachat.ca-file", e);
        }
        if (e instanceof InterruptedIOException) {
            // OkHttp reports both its call timeout and socket timeouts this way.
            return GigaChatException.transientFailure(Kind.TIMEOUT, "GigaChat " + endpoint + " did not answer within "
                    + settings.timeout().toSeconds() + " s", e, null);
        }
        return GigaChatException.transientFailure(Kind.UNAVAILABLE, "cannot reach GigaChat " + endpoint + ": "
                + e.getClass().getSimpleName() + ": " + e.getMessage(), e, null);
    }

    /** Cancels calls still running (past the shutdown grace period) and releases connections. */
    @Override
    public void close() {
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
