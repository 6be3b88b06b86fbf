package io.github.gigabot.dispatch;

import java.time.Duration;
import java.util.Optional;

/** One piece of a chat's work, run by {@link ChatQueues} in the chat's order. */
@FunctionalInterface
public interface ChatTask {

    /**
     * Does the work.
     *
     * @return empty when finished; otherwise the pause after which the same task is to run again,
     *         still ahead of the chat's later tasks (the chat is held meanwhile, without a thread)
     */
    Optional<Duration> run();

    /** A task that always finishes in one run. */
    static ChatTask of(Runnable work) {
        return () -> {
            work.run();
            return Optional.empty();
        };
    }
}
