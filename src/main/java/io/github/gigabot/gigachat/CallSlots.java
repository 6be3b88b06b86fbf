package io.github.gigabot.gigachat;

import java.util.concurrent.Semaphore;

import io.github.gigabot.chat.ModelException.Kind;

/**
 * At most {@code gigachat.max-concurrency} model calls at once (a personal key allows one), the
 * others waiting in order of arrival.
 */
final class CallSlots {

    /** Work done while holding a slot. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws GigaChatException;
    }

    private final Semaphore slots;

    CallSlots(int concurrency) {
        this.slots = new Semaphore(concurrency, true);
    }

    /**
     * Runs {@code work} once a slot is free. A turn is waited for as long as it takes (the chat shows
     * "typing…" meanwhile): queueing is not GigaChat being slow, so no timeout runs while waiting.
     */
    <T> T run(Work<T> work) throws GigaChatException {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GigaChatException(Kind.UNAVAILABLE, "interrupted while waiting for a GigaChat slot", e);
        }
        try {
            return work.run();
        } finally {
            slots.release();
        }
    }
}
