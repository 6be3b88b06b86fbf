package io.github.gigabot.chat;

/**
 * A store could not do what was asked (the database's disk is full, its file locked or corrupt, its
 * server gone). Declared here, beside the store interfaces the core relies on, so the core can say
 * what it does when one fails; the {@code storage} package throws it.
 */
public final class StorageException extends Exception {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
