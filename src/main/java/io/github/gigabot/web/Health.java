package io.github.gigabot.web;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What a load balancer or an orchestrator asks: is the process alive ({@code /healthz}), and should
 * it get traffic ({@code /readyz}): only once its start-up is done, and then while its database
 * answers and Telegram answered it recently. An unready instance keeps running and turns ready
 * again by itself.
 */
public final class Health {

    private final BooleanSupplier started;
    private final BooleanSupplier databaseReachable;
    private final Supplier<Optional<Duration>> sinceTelegram;
    private final Duration telegramStaleAfter;

    /**
     * @param started            whether start-up is done: the server listens before it is (Telegram
     *                           must reach the webhook once it is set), so being up says nothing yet
     * @param databaseReachable  asks the database a trivial question
     * @param sinceTelegram      how long ago Telegram last answered; empty if it never did
     * @param telegramStaleAfter how long without an answer from Telegram makes the instance unready
     */
    public Health(BooleanSupplier started, BooleanSupplier databaseReachable, Supplier<Optional<Duration>> sinceTelegram,
                  Duration telegramStaleAfter) {
        this.started = started;
        this.databaseReachable = databaseReachable;
        this.sinceTelegram = sinceTelegram;
        this.telegramStaleAfter = telegramStaleAfter;
    }

    /** {@code /healthz}: answering at all is the whole answer. */
    public Route liveness() {
        return request -> Response.text(200, "ok");
    }

    /** {@code /readyz}: 200 when ready, 503 with the reason when not. */
    public Route readiness() {
        return request -> {
            if (!started.getAsBoolean()) {
                return Response.text(503, "not ready: still starting (webhook or polling not set up yet)");
            }
            if (!databaseReachable.getAsBoolean()) {
                return Response.text(503, "not ready: the database does not answer");
            }
            Optional<Duration> since = sinceTelegram.get();
            if (since.isEmpty()) {
                return Response.text(503, "not ready: Telegram has not answered yet");
            }
            if (since.get().compareTo(telegramStaleAfter) > 0) {
                return Response.text(503, "not ready: Telegram last answered " + since.get().toSeconds() + " s ago");
            }
            return Response.text(200, "ready");
        };
    }
}
