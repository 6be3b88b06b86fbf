package io.github.gigabot.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the GigaChat client needs: where the API lives, how to authenticate, and the sampling
 * parameters the seed script sent with every request.
 *
 * @param authKey            the Base64 authorization key from GigaChat Studio (a secret: never printed)
 * @param scope              OAuth scope, e.g. {@code GIGACHAT_API_PERS}
 * @param authUrl            the OAuth token endpoint
 * @param apiUrl             the REST API base, e.g. {@code https://gigachat.devices.sberbank.ru/api/v1}
 * @param model              model name sent in every request
 * @param temperature        default temperature for chats that never used {@code /temp}, in (0, 2]
 * @param topP               nucleus sampling, in [0, 1]
 * @param maxTokens          upper bound of the answer length in tokens
 * @param repetitionPenalty  greater than 0; 1.0 is neutral
 * @param timeout            the whole budget of one model call
 * @param maxConcurrency     model calls allowed in flight at once
 * @param caFile             an extra PEM file of certificates to trust, in addition to the built-in ones
 * @param images             true to let the model draw ({@code "function_call": "auto"}, its built-in text2image)
 */
public record GigaChatSettings(
        String authKey,
        String scope,
        URI authUrl,
        URI apiUrl,
        String model,
        double temperature,
        double topP,
        int maxTokens,
        double repetitionPenalty,
        Duration timeout,
        int maxConcurrency,
        Optional<Path> caFile,
        boolean images) {

    /** Minimum (exclusive) and maximum (inclusive) temperature the bot accepts. */
    public static final double MAX_TEMPERATURE = 2.0;

    @Override
    public String toString() {
        // The record's generated toString would print the authorization key.
        return "GigaChatSettings[scope=" + scope + ", authUrl=" + authUrl + ", apiUrl=" + apiUrl
                + ", model=" + model + ", temperature=" + temperature + ", topP=" + topP
                + ", maxTokens=" + maxTokens + ", repetitionPenalty=" + repetitionPenalty
                + ", timeout=" + timeout + ", maxConcurrency=" + maxConcurrency + ", caFile=" + caFile + ", images=" + images + "]";
    }
}
