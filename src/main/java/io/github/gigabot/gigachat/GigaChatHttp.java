package io.github.gigabot.gigachat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.chat.ModelException.Kind;
import io.github.gigabot.config.GigaChatSettings;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP connection to GigaChat's API: one OkHttp client that trusts GigaChat's CA, and calls
 * made with a cached access token within a deadline. A 401 gets one fresh token and one retry; any
 * other failure becomes a {@link GigaChatException}.
 */
final class GigaChatHttp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GigaChatClient.class);
    /** A token is replaced when less than this is left, so it never expires mid-request. */
    static final Duration TOKEN_MARGIN = Duration.ofSeconds(60);

    private final OkHttpClient http;
    private final TokenCache tokens;
    private final ApiErrors errors;
    private final HttpUrl apiUrl;
    private final Duration timeout;
    private final LongSupplier nanoTime;

    GigaChatHttp(GigaChatSettings settings, GigaChatTrust trust, Clock clock, ObjectMapper json, ApiErrors errors,
                 LongSupplier nanoTime) {
        this.http = new OkHttpClient.Builder()
                .sslSocketFactory(trust.socketFactory(), trust.trustManager())
                // A redirected POST may turn into a GET: a redirect means a wrong URL, not a detour.
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(Duration.ofSeconds(10))
                .callTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .build();
        this.tokens = new TokenCache(new OAuthTokenSource(settings, http, json, errors), clock, TOKEN_MARGIN, nanoTime);
        this.errors = errors;
        this.apiUrl = HttpUrl.get(settings.apiUrl().toString());
        this.timeout = settings.timeout();
        this.nanoTime = nanoTime;
    }

    /** The deadline of a call starting now: {@code gigachat.timeout} from now, on the client's clock. */
    long deadlineFromNow() {
        return nanoTime.getAsLong() + timeout.toNanos();
    }

    /** The API URL with {@code path} (e.g. {@code chat/completions}) appended. */
    HttpUrl url(String path) {
        return apiUrl.newBuilder().addPathSegments(path).build();
    }

    /**
     * Sends {@code request} with an access token and returns the successful response, open: the
     * caller reads and closes it.
     *
     * @param endpoint names the call in messages, e.g. {@code chat/completions}
     */
    Response send(Request.Builder request, String endpoint, long deadlineNanos) throws GigaChatException {
        AccessToken token = tokens.get(deadlineNanos);
        Response response = execute(request, token, endpoint, deadlineNanos);
        if (response.code() == 401) {
            // The token died early (revoked, clock skew): one fresh token, one retry.
            log.info("GigaChat rejected the access token (401 {}); fetching a new one and retrying once",
                    errors.message(text(response, endpoint)));
            tokens.invalidate(token);
            response = execute(request, tokens.get(deadlineNanos), endpoint, deadlineNanos);
            if (response.code() == 401) {
                throw new GigaChatException(Kind.KEY_REJECTED, "GigaChat rejected a fresh access token too: 401 "
                        + errors.message(text(response, endpoint)));
            }
        }
        if (!response.isSuccessful()) {
            throw errors.status(response, text(response, endpoint));
        }
        return response;
    }

    /** Reads the whole body as text and closes the response. */
    String text(Response response, String endpoint) throws GigaChatException {
        try (response) {
            return bodyText(response);
        } catch (IOException e) {
            throw errors.transport(endpoint, e);
        }
    }

    static String bodyText(Response response) throws IOException {
        ResponseBody body = response.body();
        return body == null ? "" : body.string();
    }

    private Response execute(Request.Builder request, AccessToken token, String endpoint, long deadlineNanos)
            throws GigaChatException {
        long leftNanos = deadlineNanos - nanoTime.getAsLong();
        if (leftNanos <= 0) {
            throw new GigaChatException(Kind.TIMEOUT, "GigaChat call ran out of time after " + timeout.toSeconds() + " s");
        }
        Call call = http.newCall(request
                .header("Authorization", "Bearer " + token.value())
                .header("X-Request-ID", UUID.randomUUID().toString())
                .build());
        call.timeout().timeout(leftNanos, TimeUnit.NANOSECONDS);
        try {
            return call.execute();
        } catch (IOException e) {
            throw errors.transport(endpoint, e);
        }
    }

    /** Cancels calls still running (past the shutdown grace period) and releases connections. */
    @Override
    public void close() {
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
