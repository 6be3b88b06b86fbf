package io.github.gigabot.gigachat;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.chat.ModelException.Kind;
import io.github.gigabot.config.GigaChatSettings;
import io.github.gigabot.gigachat.WireFormat.TokenResponse;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The seed's {@code get_token}: trades the authorization key for a 30-minute access token. */
final class OAuthTokenSource implements TokenCache.Fetcher {

    private static final Logger log = LoggerFactory.getLogger(GigaChatClient.class);

    private final GigaChatSettings settings;
    private final OkHttpClient http;
    private final ObjectMapper json;
    private final ApiErrors errors;

    OAuthTokenSource(GigaChatSettings settings, OkHttpClient http, ObjectMapper json, ApiErrors errors) {
        this.settings = settings;
        this.http = http;
        this.json = json;
        this.errors = errors;
    }

    @Override
    public AccessToken fetch() throws GigaChatException {
        Request request = new Request.Builder()
                .url(settings.authUrl().toString())
                .header("Accept", "application/json")
                .header("RqUID", UUID.randomUUID().toString())
                .header("Authorization", "Basic " + settings.authKey())
                .post(new FormBody.Builder().add("scope", settings.scope()).build())
                .build();
        try (Response response = http.newCall(request).execute()) {
            String text = GigaChatHttp.bodyText(response);
            if (response.code() == 401) {
                throw new GigaChatException(Kind.KEY_REJECTED, "GigaChat OAuth rejected the authorization key (401 "
                        + errors.message(text) + "): check gigachat.auth-key and gigachat.scope");
            }
            if (!response.isSuccessful()) {
                throw errors.status(response, text);
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
            throw errors.transport("oauth", e);
        }
    }
}
