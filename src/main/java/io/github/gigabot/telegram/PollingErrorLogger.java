package io.github.gigabot.telegram;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import okhttp3.Interceptor;
import okhttp3.Response;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs failed {@code getUpdates} calls on one line each, and reports a rejected token. TelegramBots
 * logs polling failures itself with a stack trace and discards Telegram's explanation; its logger is
 * switched off and this takes its place. It would also retry a 401 forever.
 */
final class PollingErrorLogger implements Interceptor {

    private static final Logger log = LoggerFactory.getLogger("io.github.gigabot.telegram.Polling");
    private static final Pattern DESCRIPTION = Pattern.compile("\"description\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Runnable onTokenRejected;

    /** @param onTokenRejected called when Telegram answers 401: the token was revoked */
    PollingErrorLogger(Runnable onTokenRejected) {
        this.onTokenRejected = onTokenRejected;
    }

    @NotNull
    @Override
    public Response intercept(@NotNull Chain chain) throws IOException {
        Response response;
        try {
            response = chain.proceed(chain.request());
        } catch (IOException e) {
            if (!chain.call().isCanceled()) {
                log.warn("Telegram polling failed: {}: {}; retrying", e.getClass().getSimpleName(), e.getMessage());
            }
            throw e;
        }
        if (!response.isSuccessful()) {
            String description = description(response.peekBody(4096).string());
            if (response.code() == 401) {
                log.error("Telegram polling: 401 {}: the bot token was revoked", description);
                onTokenRejected.run();
            } else if (response.code() == 409) {
                log.error("Telegram polling: 409 Conflict: another instance is polling with this token, or a webhook is set ({})", description);
            } else {
                log.warn("Telegram polling: {} {}; retrying", response.code(), description);
            }
        }
        return response;
    }

    private static String description(String body) {
        Matcher matcher = DESCRIPTION.matcher(body);
        return matcher.find() ? matcher.group(1) : "(no description)";
    }
}
