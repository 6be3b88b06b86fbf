package io.github.gigabot.telegram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

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

    private final byte[] secret;
    private final UpdateReader reader;
    private final UpdateMapper mapper;
    private final Store store;

    public WebhookReceiver(String secret, UpdateMapper mapper, Store store) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.reader = new UpdateReader(new ObjectMapper());
        this.mapper = mapper;
        this.store = store;
    }

    /** Handles one call: its method, its secret header (if any) and its body. */
    public Outcome receive(String method, Optional<String> secretHeader, byte[] body) {
        if (!"POST".equals(method)) {
            return Outcome.WRONG_METHOD;
        }
        // Compared in constant time, so the secret cannot be guessed a character at a time.
        if (secretHeader.isEmpty() || !MessageDigest.isEqual(secret, secretHeader.get().getBytes(StandardCharsets.UTF_8))) {
            log.warn("Webhook call without the right secret turned away");
            return Outcome.UNAUTHORIZED;
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
