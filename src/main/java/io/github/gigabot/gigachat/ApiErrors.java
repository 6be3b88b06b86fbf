package io.github.gigabot.gigachat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import javax.net.ssl.SSLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.chat.ModelException.Kind;
import io.github.gigabot.gigachat.WireFormat.ErrorBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what went wrong talking to GigaChat (an HTTP status with GigaChat's error body, or a
 * transport failure) into a {@link GigaChatException} whose kind says what the user should hear and
 * whether a retry may help.
 */
final class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(GigaChatClient.class);
    private static final int MAX_ERROR_BODY = 2048;

    private final ObjectMapper json;
    private final Duration timeout;

    ApiErrors(ObjectMapper json, Duration timeout) {
        this.json = json;
        this.timeout = timeout;
    }

    /** A non-2xx answer of the API or OAuth endpoint, whose body has been read into {@code body}. */
    GigaChatException status(Response response, String body) {
        int status = response.code();
        String detail = status + " " + message(body);
        log.warn("GigaChat answered {}", detail);
        switch (status) {
            case 401:
                return new GigaChatException(Kind.KEY_REJECTED, "GigaChat rejected the credentials: " + detail);
            case 402:
                return new GigaChatException(Kind.QUOTA, "GigaChat quota used up: " + detail);
            case 404:
                // GigaChat's answer to a model the key cannot use; any other 404 is a wrong URL.
                return message(body).toLowerCase(java.util.Locale.ROOT).contains("model")
                        ? new GigaChatException(Kind.NO_SUCH_MODEL, "GigaChat does not know the model: " + detail)
                        : new GigaChatException(Kind.REJECTED, "GigaChat refused the request: " + detail);
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

    /** A call to {@code endpoint} that got no answer. */
    GigaChatException transport(String endpoint, IOException e) {
        if (e instanceof SSLException) {
            // A certificate problem does not pass by itself: no retry.
            return new GigaChatException(Kind.UNAVAILABLE, "TLS certificate problem talking to GigaChat " + endpoint
                    + " (" + e.getMessage() + "); if a proxy re-signs traffic, add its CA with gigachat.ca-file", e);
        }
        if (e instanceof InterruptedIOException) {
            // OkHttp reports both its call timeout and socket timeouts this way.
            return GigaChatException.transientFailure(Kind.TIMEOUT, "GigaChat " + endpoint + " did not answer within "
                    + timeout.toSeconds() + " s", e, null);
        }
        return GigaChatException.transientFailure(Kind.UNAVAILABLE, "cannot reach GigaChat " + endpoint + ": "
                + e.getClass().getSimpleName() + ": " + e.getMessage(), e, null);
    }

    /** GigaChat's {@code message} from an error body, or the start of whatever else came, on one line. */
    String message(String body) {
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
}
