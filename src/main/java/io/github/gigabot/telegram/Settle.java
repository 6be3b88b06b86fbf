package io.github.gigabot.telegram;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a cosmetic call (typing, a draft) that must not arrive after the answer: briefly, and whatever its outcome. */
final class Settle {

    private Settle() {
    }

    static void await(CompletableFuture<?> call, Duration atMost) {
        try {
            call.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            // Its outcome was logged where it was made; a slow one is not worth holding the answer longer.
        }
    }
}
