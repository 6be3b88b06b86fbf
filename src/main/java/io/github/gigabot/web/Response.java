package io.github.gigabot.web;

import java.nio.charset.StandardCharsets;

/** An HTTP response: status, content type and body. */
public record Response(int status, String contentType, byte[] body) {

    public Response {
        body = body.clone();
    }

    /** A short plain-text response. */
    public static Response text(int status, String text) {
        return new Response(status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
