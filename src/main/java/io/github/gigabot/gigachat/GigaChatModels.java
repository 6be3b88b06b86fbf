package io.github.gigabot.gigachat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.chat.ModelCatalog;
import io.github.gigabot.chat.ModelException.Kind;
import io.github.gigabot.gigachat.WireFormat.ModelList;
import okhttp3.Request;

/**
 * {@code GET /models}, remembered for a few minutes: the list changes rarely, and {@code /model}
 * should not cost a call each time. Embedders, filters and classifiers are left out; only models
 * that answer chats are listed.
 */
final class GigaChatModels implements ModelCatalog {

    static final Duration CACHE_FOR = Duration.ofMinutes(5);
    /** A failure is remembered this long, so a busy group's /model does not hammer a failing API. */
    static final Duration FAILURE_CACHE_FOR = Duration.ofSeconds(30);
    private static final String ENDPOINT = "models";

    private record Cached(List<String> models, Instant until) {
    }

    private final GigaChatHttp http;
    private final CallSlots slots;
    private final ObjectMapper json;
    private final Clock clock;
    private Cached cached;
    private GigaChatException failure;
    private Instant failedUntil = Instant.MIN;

    /** @param slots the model calls' slots: a personal key counts this call against its one request at a time */
    GigaChatModels(GigaChatHttp http, CallSlots slots, ObjectMapper json, Clock clock) {
        this.http = http;
        this.slots = slots;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public synchronized List<String> chatModels() throws GigaChatException {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.until())) {
            return cached.models();
        }
        if (now.isBefore(failedUntil)) {
            throw new GigaChatException(failure.kind(), failure.getMessage() + " (remembered)");
        }
        try {
            List<String> models = fetch();
            cached = new Cached(models, now.plus(CACHE_FOR));
            return models;
        } catch (GigaChatException e) {
            failure = e;
            failedUntil = now.plus(FAILURE_CACHE_FOR);
            throw e;
        }
    }

    private List<String> fetch() throws GigaChatException {
        Request.Builder request = new Request.Builder().url(http.url(ENDPOINT)).header("Accept", "application/json").get();
        String text = slots.run(() -> http.text(http.send(request, ENDPOINT, http.deadlineFromNow()), ENDPOINT));
        ModelList list;
        try {
            list = json.readValue(text, ModelList.class);
        } catch (JsonProcessingException e) {
            throw new GigaChatException(Kind.BAD_ANSWER, "GigaChat models answered with malformed JSON: " + e.getOriginalMessage());
        }
        if (list == null || list.data() == null) {
            throw new GigaChatException(Kind.BAD_ANSWER, "GigaChat models answered without a list");
        }
        List<String> models = list.data().stream()
                .filter(Objects::nonNull)
                .filter(model -> model.id() != null && !model.id().isBlank())
                .filter(model -> model.type() == null || model.type().equals("chat"))
                .map(WireFormat.Model::id)
                .distinct()
                .toList();
        return models;
    }
}
