package io.github.gigabot.web;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** {@code /metrics}: whatever the registry renders, in Prometheus' text format. */
public final class MetricsRoute implements Route {

    private final Supplier<String> scrape;

    public MetricsRoute(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    @Override
    public Response handle(Request request) {
        return new Response(200, "text/plain; version=0.0.4; charset=utf-8", scrape.get().getBytes(StandardCharsets.UTF_8));
    }
}
