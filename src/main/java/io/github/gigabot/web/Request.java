package io.github.gigabot.web;

import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as a route sees it.
 *
 * @param method  {@code GET}, {@code POST}, …
 * @param headers the first value of each header, by lower-case name
 * @param body    the whole body, at most {@link HttpEndpoints#MAX_BODY_BYTES}
 */
public record Request(String method, Map<String, String> headers, byte[] body) {

    public Request {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /** A header's value, by its name in any case. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
