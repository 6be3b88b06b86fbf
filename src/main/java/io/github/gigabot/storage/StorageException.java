package io.github.gigabot.storage;

/** The embedded database could not do what was asked (disk full, file locked, corrupt file). */
public final class StorageException extends Exception {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
