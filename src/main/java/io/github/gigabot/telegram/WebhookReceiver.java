package io.github.gigabot.telegram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.chat.IncomingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Takes Telegram's webhook calls: one update each, read with the same model and the same care for
 * unreadable updates as polling. The answer is 200 only once the update is stored, so Telegram
 * delivers again whatever was not; a call without the right secret is turned away with 401 and
 * nothing is stored.
 */
public final class WebhookReceiver {

    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

    /** Telegram's header carrying the secret given to {@code setWebhook}. */
    public static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    /** Stores messages before returning; throws when they could not be stored. */
    @FunctionalInterface
    public interface Store {
        void store(List<IncomingMessage> messages) throws Exception;
    }

    /** What became of one call, as an HTTP status. */
    public enum Outcome {
        STORED(200), IGNORED(200), WRONG_METHOD(405), UNAUTHORIZED(401), MALFORMED(400), NOT_STORED(503);

        private final int status;

        Outcome(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Turned-away calls are logged at most once per this period, with how many there were. */
    static final long REFUSALS_LOGGED_EVERY_MILLIS = 60_000;

    private final byte[] secret;
    private final UpdateReader reader;
    private final UpdateMapper mapper;
    private final Store store;
    private final LongSupplier clockMillis;
    private long refusedUnlogged;
    private long refusalLoggedAt = Long.MIN_VALUE;

    public WebhookReceiver(String secret, UpdateMapper mapper, Store store, LongSupplier clockMillis) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.reader = new UpdateReader(new ObjectMapper());
        this.mapper = mapper;
        this.store = store;
        this.clockMillis = clockMillis;
    }

    /**
     * Whether a call is turned away on its method and secret header alone, before its body is read:
     * empty when it may go on to {@link #receive}.
     */
    public Optional<Outcome> refuse(String method, Optional<String> secretHeader) {
        if (!"POST".equals(method)) {
            return Optional.of(Outcome.WRONG_METHOD);
        }
        // Compared in constant time, so the secret cannot be guessed a character at a time.
        if (secretHeader.isEmpty() || !MessageDigest.isEqual(secret, secretHeader.get().getBytes(StandardCharsets.UTF_8))) {
            logRefusal();
            return Optional.of(Outcome.UNAUTHORIZED);
        }
        return Optional.empty();
    }

    /** One line a minute at most, however many calls a scanner makes. */
    private synchronized void logRefusal() {
        refusedUnlogged++;
        long now = clockMillis.getAsLong();
        if (refusalLoggedAt == Long.MIN_VALUE || now - refusalLoggedAt >= REFUSALS_LOGGED_EVERY_MILLIS) {
            log.warn("Webhook call(s) without the right secret turned away: {} since the last such line", refusedUnlogged);
            refusedUnlogged = 0;
            refusalLoggedAt = now;
        }
    }

    /** Handles one call: its method, its secret header (if any) and its body. */
    public Outcome receive(String method, Optional<String> secretHeader, byte[] body) {
        Optional<Outcome> refusal = refuse(method, secretHeader);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        Update update;
        try {
            update = reader.read(body);
        } catch (IOException e) {
            log.warn("Webhook call with a body that is not an update: {}", e.getMessage().lines().findFirst().orElse(""));
            return Outcome.MALFORMED;
        }
        Optional<IncomingMessage> message;
        try {
            message = mapper.map(update);
        } catch (RuntimeException e) {
            log.error("Update {} dropped: {}", update.getUpdateId(), e.toString());
            return Outcome.IGNORED;
        }
        if (message.isEmpty()) {
            return Outcome.IGNORED;
        }
        try {
            store.store(List.of(message.get()));
            return Outcome.STORED;
        } catch (Exception e) {
            log.error("Update {} not stored, Telegram will deliver it again: {}", update.getUpdateId(), e.getMessage());
            return Outcome.NOT_STORED;
        }
    }
}
