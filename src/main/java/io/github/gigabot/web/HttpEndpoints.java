package io.github.gigabot.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's one small HTTP server, for Telegram's webhook calls, health checks and metrics. It is
 * the JDK's own server: it sits behind a TLS-terminating proxy, serves a few short requests a
 * second per instance, and so needs no framework, no extra jar and no start-up time. Each path is
 * a {@link Route} that deals in plain {@link Request}s and {@link Response}s.
 */
public final class HttpEndpoints implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpEndpoints.class);

    /** Telegram's updates are a few kilobytes; anything far larger is not from Telegram. */
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final int STOP_DELAY_SECONDS = 1;
    /** The longest a request may take to arrive, headers and body, and its response to be read. */
    static final int MAX_REQUEST_SECONDS = 10;

    private final HttpServer server;
    private final ExecutorService threads;

    private HttpEndpoints(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * Listens on {@code address} and serves {@code routes}, each by its exact path.
     *
     * @param threads requests served at once; a webhook call waits for the database, so a few
     */
    public static HttpEndpoints start(InetSocketAddress address, Map<String, Route> routes, int threads) throws IOException {
        // The JDK server waits for a request, and for a response to be read, forever unless told
        // otherwise, and only by these properties, read once per process: without them a few slow
        // callers (no secret needed to send headers slowly) would hold every thread. Telegram's
        // calls take milliseconds. A value set with -D is kept. (What is left of a refused request's
        // body is still read, up to 64 KiB, before the connection closes: closing on unread data
        // would reset the connection and lose the refusal on its way to an honest caller.)
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", String.valueOf(MAX_REQUEST_SECONDS));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", String.valueOf(MAX_REQUEST_SECONDS));
        HttpServer server = HttpServer.create(address, 0);
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "http-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        Map<String, Route> byPath = Map.copyOf(routes);
        server.createContext("/", exchange -> serve(exchange, byPath));
        server.setExecutor(executor);
        server.start();
        log.info("Listening for HTTP on {} ({})", server.getAddress(), String.join(", ", new java.util.TreeSet<>(byPath.keySet())));
        return new HttpEndpoints(server, executor);
    }

    /** Where the server listens; the port is the real one when 0 was asked for. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void serve(HttpExchange exchange, Map<String, Route> routes) throws IOException {
        try (exchange) {
            Route route = routes.get(exchange.getRequestURI().getRawPath());
            Map<String, String> headers = headers(exchange);
            Optional<Response> refusal = route == null ? Optional.of(Response.text(404, "not found"))
                    : refuse(route, new Request(exchange.getRequestMethod(), headers, new byte[0]));
            if (refusal.isPresent()) {
                // A status alone: writing a response body would first wait for the whole request body.
                exchange.sendResponseHeaders(refusal.get().status(), -1);
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            Response response = body == null ? Response.text(413, "too large")
                    : handle(route, new Request(exchange.getRequestMethod(), headers, body));
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            if (response.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    private static Optional<Response> refuse(Route route, Request head) {
        try {
            return route.refuse(head);
        } catch (RuntimeException e) {
            log.error("HTTP request failed: {}", e.toString());
            return Optional.of(Response.text(500, "internal error"));
        }
    }

    private static Response handle(Route route, Request request) {
        try {
            return route.handle(request);
        } catch (RuntimeException e) {
            log.error("HTTP request failed: {}", e.toString());
            return Response.text(500, "internal error");
        }
    }

    /** The body, or null when it is larger than {@link #MAX_BODY_BYTES}. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return headers;
    }

    /** Stops listening; requests in progress get a second to finish. */
    @Override
    public void close() {
        server.stop(STOP_DELAY_SECONDS);
        threads.shutdownNow();
    }
}
