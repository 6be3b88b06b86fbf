package io.github.gigabot.gigachat;

/** The extra CA file named by {@code gigachat.ca-file} cannot be used. */
public final class GigaChatTrustException extends Exception {

    public GigaChatTrustException(String message) {
        super(message);
    }
}
