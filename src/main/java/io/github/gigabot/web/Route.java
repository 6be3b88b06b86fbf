package io.github.gigabot.web;

/** What one path of the HTTP server does. */
@FunctionalInterface
public interface Route {
    Response handle(Request request);
}
