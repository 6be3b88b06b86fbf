package io.github.gigabot.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP server on loopback, spoken to by a real client and by a raw socket. */
class HttpEndpointsTest {

    private final List<Request> handled = Collections.synchronizedList(new ArrayList<>());
    private HttpEndpoints server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One thread: a request that held it would hold up every other. */
    private void start(Map<String, Route> routes) throws Exception {
        server = HttpEndpoints.start(new InetSocketAddress("127.0.0.1", 0), routes, 1);
    }

    private final Route echo = request -> {
        handled.add(request);
        return Response.text(200, request.method() + " " + new String(request.body(), StandardCharsets.UTF_8));
    };

    /** A route that wants the header {@code x-key: key-1} before it reads anything. */
    private final Route guarded = new Route() {
        @Override
        public Optional<Response> refuse(Request head) {
            return head.header("X-Key").filter("key-1"::equals).isPresent() ? Optional.empty() : Optional.of(Response.text(401, "no"));
        }

        @Override
        public Response handle(Request request) {
            return echo.handle(request);
        }
    };

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        return postWithin(Duration.ofSeconds(5), path, body, headers);
    }

    private HttpResponse<String> postWithin(Duration timeout, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .timeout(timeout).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void aRouteGetsTheMethodHeadersAndWholeBody() throws Exception {
        start(Map.of("/hook", echo));
        HttpResponse<String> response = post("/hook", "привет 👋", "X-Telegram-Bot-Api-Secret-Token", "s");

        assertEquals(200, response.statusCode());
        assertEquals("POST привет 👋\n", response.body());
        assertEquals(Optional.of("s"), handled.get(0).header("x-telegram-bot-api-secret-token"));
    }

    @Test
    void unknownPathsAre404AndNothingIsHandled() throws Exception {
        start(Map.of("/hook", echo));
        assertEquals(404, post("/hook/", "x").statusCode());
        assertEquals(404, post("/HOOK", "x").statusCode());
        assertEquals(404, post("/", "x").statusCode());
        assertEquals(List.of(), handled);
    }

    @Test
    void aBodyOverTheLimitIs413AndOneAtTheLimitIsServed() throws Exception {
        start(Map.of("/hook", echo));
        assertEquals(413, post("/hook", "x".repeat(HttpEndpoints.MAX_BODY_BYTES + 1)).statusCode());
        assertEquals(List.of(), handled);
        assertEquals(200, post("/hook", "x".repeat(HttpEndpoints.MAX_BODY_BYTES)).statusCode());
        assertEquals(HttpEndpoints.MAX_BODY_BYTES, handled.get(0).body().length);
    }

    @Test
    void aRouteThatFailsIs500AndTheServerGoesOn() throws Exception {
        start(Map.of("/boom", request -> {
            throw new IllegalStateException("boom");
        }, "/hook", echo));
        assertEquals(500, post("/boom", "x").statusCode());
        assertEquals(200, post("/hook", "x").statusCode());
    }

    /** Reads to the end: true when the server closed (or reset) the connection, false on a read timeout. */
    private static boolean closedByServer(BufferedReader in) throws IOException {
        try {
            while (in.read() >= 0) {
                // what is left of the 401
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset: closed with the announced body unread
        }
    }

    @Test
    void aRefusalIsAnsweredWithoutWaitingForTheBody() throws Exception {
        start(Map.of("/hook", guarded));
        try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            // Announces a large body and sends none of it, as a slow or hostile caller would.
            out.write(("POST /hook HTTP/1.1\r\nHost: x\r\nX-Key: wrong\r\nContent-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("HTTP/1.1 401 Unauthorized", in.readLine(), "answered before any of the body came");

            // The server cuts off the request that never finishes. No second caller is sent meanwhile:
            // the JDK times each connection from its accept, so one queued as long behind this one
            // may be cut at the same tick of its 1 s timer, or not, depending on timing.
            socket.setSoTimeout((int) Duration.ofSeconds(HttpEndpoints.MAX_REQUEST_SECONDS + 5).toMillis());
            assertTrue(closedByServer(in), "cut off within " + HttpEndpoints.MAX_REQUEST_SECONDS + " s and a margin");
        }
        // Then its only thread is free for the caller with the key.
        HttpResponse<String> allowed = post("/hook", "да", "X-Key", "key-1");
        assertEquals(200, allowed.statusCode());
        assertEquals("POST да\n", allowed.body());
        assertEquals(1, handled.size());
    }
}
