package io.github.gigabot.metrics;

import java.time.Duration;
import java.util.function.Consumer;

import io.github.gigabot.chat.ChatModel;
import io.github.gigabot.chat.Completion;
import io.github.gigabot.chat.CompletionRequest;
import io.github.gigabot.chat.ModelException;

/** Times every model call and counts its tokens, then hands over what the model said, unchanged. */
public final class MeteredChatModel implements ChatModel {

    /** The clock calls are timed with, in nanoseconds. */
    @FunctionalInterface
    public interface Ticker {
        long nanos();
    }

    private final ChatModel model;
    private final BotMetrics metrics;
    private final Ticker ticker;

    public MeteredChatModel(ChatModel model, BotMetrics metrics, Ticker ticker) {
        this.model = model;
        this.metrics = metrics;
        this.ticker = ticker;
    }

    @Override
    public Completion complete(CompletionRequest request) throws ModelException {
        return timed(() -> model.complete(request));
    }

    @Override
    public Completion stream(CompletionRequest request, Consumer<String> progress) throws ModelException {
        return timed(() -> model.stream(request, progress));
    }

    @FunctionalInterface
    private interface Call {
        Completion run() throws ModelException;
    }

    private Completion timed(Call call) throws ModelException {
        long start = ticker.nanos();
        try {
            Completion completion = call.run();
            metrics.modelCall(Duration.ofNanos(ticker.nanos() - start), "ok");
            metrics.tokens(completion.usage().prompt(), completion.usage().completion());
            return completion;
        } catch (ModelException e) {
            metrics.modelCall(Duration.ofNanos(ticker.nanos() - start), e.kind().name().toLowerCase(java.util.Locale.ROOT));
            throw e;
        }
    }
}
