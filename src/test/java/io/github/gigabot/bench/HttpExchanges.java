package io.github.gigabot.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * Reading requests and writing answers with the JDK's HTTP server, shared by both stand-ins so that
 * each of them only says what it answers, not how bytes move.
 */
final class HttpExchanges {

    static final ObjectMapper JSON = new ObjectMapper();

    private HttpExchanges() {
    }

    /**
     * A loopback server running each exchange on {@code executor}. Nagle's algorithm is switched off
     * first: the JDK server writes headers and body separately, and with it on the body would wait
     * for the client's delayed ACK (about 40 ms) on every answer.
     */
    static HttpServer server(HttpHandler handler, Executor executor) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
        return server;
    }

    /** The body as parameters: JSON as it is, a form as an object of strings, anything else empty. */
    static JsonNode parameters(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String text = new String(raw, StandardCharsets.UTF_8);
        if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
            return form(text);
        }
        if (type != null && type.startsWith("multipart/form-data")) {
            return multipart(text);
        }
        if (text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static ObjectNode form(String text) {
        ObjectNode fields = JSON.createObjectNode();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    /** Only the small text parts of a multipart body (a photo's chat_id and caption); files are skipped. */
    private static ObjectNode multipart(String text) {
        ObjectNode fields = JSON.createObjectNode();
        java.util.regex.Matcher part = java.util.regex.Pattern
                .compile("name=\"([^\"]+)\"\r\n(?:[^\r\n]+\r\n)*\r\n([^\r]{0,4096})\r\n")
                .matcher(text);
        while (part.find()) {
            fields.put(part.group(1), part.group(2));
        }
        return fields;
    }

    /** Sends a complete JSON answer and closes the exchange. */
    static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
