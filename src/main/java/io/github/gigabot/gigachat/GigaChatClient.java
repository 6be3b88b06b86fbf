package io.github.gigabot.gigachat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.chat.ChatModel;
import io.github.gigabot.chat.Completion;
import io.github.gigabot.chat.CompletionRequest;
import io.github.gigabot.chat.ImageSource;
import io.github.gigabot.chat.ModelCatalog;
import io.github.gigabot.chat.ModelException.Kind;
import io.github.gigabot.config.GigaChatSettings;
import io.github.gigabot.gigachat.WireFormat.Choice;
import io.github.gigabot.gigachat.WireFormat.CompletionBody;
import io.github.gigabot.gigachat.WireFormat.CompletionResponse;
import io.github.gigabot.gigachat.WireFormat.Message;
import io.github.gigabot.time.Backoff;
import io.github.gigabot.time.Sleeper;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The seed's {@code gigachat_gpt}, done properly: asks GigaChat's chat completions for the next
 * answer, whole or streamed. At most {@code gigachat.max-concurrency} calls run at once, the rest
 * wait in order; {@code gigachat.timeout} counts from a call's start, not from when it began to
 * wait; passing failures are retried within it. Every failure becomes a {@link GigaChatException}
 * whose kind says what the user should hear.
 */
public final class GigaChatClient implements ChatModel, AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json");
    /** Pauses between attempts of a call: 0.5 s doubling, at most a minute (jittered, within the timeout). */
    private static final Backoff RETRY = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(60));
    private static final String ENDPOINT = "chat/completions";

    private final GigaChatSettings settings;
    private final ObjectMapper json;
    private final GigaChatHttp http;
    private final CallSlots slots;
    private final Retries retries;
    private final EventStreamReader events;
    private final HttpUrl completionsUrl;
    private final GigaChatModels models;
    private final GigaChatFiles files;

    GigaChatClient(GigaChatSettings settings, GigaChatTrust trust, Clock clock, Backoff backoff, DoubleSupplier random) {
        this(settings, trust, clock, backoff, random, Sleeper.system(), System::nanoTime);
    }

    GigaChatClient(GigaChatSettings settings, GigaChatTrust trust, Clock clock, Backoff backoff, DoubleSupplier random,
                   Sleeper sleeper, LongSupplier nanoTime) {
        this.settings = settings;
        this.json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        ApiErrors errors = new ApiErrors(json, settings.timeout());
        this.http = new GigaChatHttp(settings, trust, clock, json, errors, nanoTime);
        this.slots = new CallSlots(settings.maxConcurrency());
        this.retries = new Retries(backoff, random, sleeper, nanoTime);
        this.events = new EventStreamReader(json, errors);
        this.completionsUrl = http.url(ENDPOINT);
        this.models = new GigaChatModels(http, slots, json, clock);
        this.files = new GigaChatFiles(http, slots, json);
    }

    /**
     * Creates the client for the configured GigaChat.
     *
     * @throws GigaChatTrustException when {@code gigachat.ca-file} cannot be used
     */
    public static GigaChatClient create(GigaChatSettings settings) throws GigaChatTrustException {
        return new GigaChatClient(settings, GigaChatTrust.create(settings.caFile()), Clock.systemUTC(), RETRY,
                () -> ThreadLocalRandom.current().nextDouble());
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
        String body = body(request, progress != null);
        return slots.run(() -> {
            if (!request.admission().admit()) {
                throw new GigaChatException(Kind.WITHDRAWN, "question withdrawn by the bot when its turn came");
            }
            long deadline = http.deadlineFromNow();
            Completion completion = retries.run(() -> post(body, request.sessionId(), deadline, progress), deadline);
            request.admission().spent(completion.usage());
            return completion;
        });
    }

    private String body(CompletionRequest request, boolean stream) {
        List<Message> messages = request.messages().stream()
                .map(message -> new Message(message.role().name().toLowerCase(Locale.ROOT), message.content(), message.attachments()))
                .toList();
        try {
            String model = request.model() == null ? settings.model() : request.model();
            return json.writeValueAsString(new CompletionBody(model, messages, request.temperature(),
                    settings.topP(), 1, stream, settings.maxTokens(), settings.repetitionPenalty(),
                    settings.images() ? "auto" : null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a completion request", e);
        }
    }

    private Completion post(String body, String sessionId, long deadlineNanos, Consumer<String> progress)
            throws GigaChatException {
        Request.Builder request = new Request.Builder()
                .url(completionsUrl)
                .header("Accept", progress == null ? "application/json" : "text/event-stream")
                .post(RequestBody.create(body, JSON));
        if (sessionId != null) {
            request.header("X-Session-ID", sessionId);
        }
        Response response = http.send(request, ENDPOINT, deadlineNanos);
        if (progress != null) {
            try (response) {
                return events.read(response.body(), progress);
            }
        }
        return completion(http.text(response, ENDPOINT));
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
        return new Completion(choice.message().content(), choice.finishReason(), WireFormat.Usage.of(parsed.usage()));
    }

    /** The models this key may chat with, over the same connection. */
    public ModelCatalog models() {
        return models;
    }

    /** The pictures the model drew, over the same connection. */
    public ImageSource images() {
        return files;
    }

    /** GigaChat's file storage, for the files users send, over the same connection. */
    public FileStorage files() {
        return files;
    }

    /** Cancels calls still running (past the shutdown grace period) and releases connections. */
    @Override
    public void close() {
        http.close();
    }
}
