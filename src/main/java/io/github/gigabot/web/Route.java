package io.github.gigabot.web;

import java.util.Optional;

/** What one path of the HTTP server does. */
@FunctionalInterface
public interface Route {

    /**
     * Looked at before the body is read ({@code head} has an empty body): a refusal is answered at
     * once, so a caller that may not use the path cannot make the server read, or wait for, a body.
     */
    default Optional<Response> refuse(Request head) {
        return Optional.empty();
    }

    Response handle(Request request);
}
