package io.github.gigabot.telegram;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import okhttp3.Interceptor;
import okhttp3.Response;
import org.jetbrains.annotations.NotNull;

/**
 * Watches every Bot API call on its way back: remembers when Telegram last answered (for readiness)
 * and counts its 429 refusals. An answer is an HTTP response below 500; a refused connection, a
 * timeout or a gateway error is not Telegram answering.
 */
public final class TelegramContact implements Interceptor {

    private static final long NEVER = Long.MIN_VALUE;

    private final LongSupplier clockMillis;
    private final Runnable onTooManyRequests;
    private final AtomicLong lastAnswer = new AtomicLong(NEVER);

    /** @param onTooManyRequests told of every 429 */
    public TelegramContact(LongSupplier clockMillis, Runnable onTooManyRequests) {
        this.clockMillis = clockMillis;
        this.onTooManyRequests = onTooManyRequests;
    }

    @NotNull
    @Override
    public Response intercept(@NotNull Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        if (response.code() < 500) {
            lastAnswer.set(clockMillis.getAsLong());
        }
        if (response.code() == 429) {
            onTooManyRequests.run();
        }
        return response;
    }

    /** Also counts as an answer: a webhook call that carried the right secret came from Telegram. */
    public void heardFrom() {
        lastAnswer.set(clockMillis.getAsLong());
    }

    /** How long ago Telegram last answered; empty if it never did. */
    public Optional<Duration> sinceLastAnswer() {
        long last = lastAnswer.get();
        return last == NEVER ? Optional.empty() : Optional.of(Duration.ofMillis(Math.max(0, clockMillis.getAsLong() - last)));
    }
}
