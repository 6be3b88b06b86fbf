package io.github.gigabot.telegram;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.dispatch.DaemonThreads;
import io.github.gigabot.time.Backoff;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.BotSession;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.longpolling.util.DefaultGetUpdatesGenerator;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * Runs TelegramBots' long polling on threads the bot owns, so that {@link #close()} really stops it
 * and lets the JVM exit (the library's own scheduler thread is never shut down).
 */
public final class LongPolling implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LongPolling.class);

    /** Only plain messages are answered; asking for nothing else saves traffic and parsing. */
    public static final List<String> ALLOWED_UPDATES = List.of("message");
    /** Pauses between failed polls: 0.5 s doubling up to 30 s, back to 0.5 s after a success. */
    private static final Backoff RETRY = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    // getUpdates holds the request for 50 s when there is nothing new; read must outlast that.
    private static final Duration POLL_READ_TIMEOUT = Duration.ofSeconds(75);

    private final TelegramBotsLongPollingApplication application;
    private final ScheduledExecutorService executor;
    private final OkHttpClient http;
    private final BotSession session;

    private LongPolling(TelegramBotsLongPollingApplication application, ScheduledExecutorService executor,
                        OkHttpClient http, BotSession session) {
        this.application = application;
        this.executor = executor;
        this.http = http;
        this.session = session;
    }

    /**
     * Deletes any webhook and starts polling; each batch goes to {@code consumer} on the polling
     * thread.
     *
     * @param base            the shared client; polling gets its own dispatcher so that stopping it
     *                        cancels only the poll, not replies being sent
     * @param onTokenRejected called when Telegram stops accepting the token while polling
     */
    public static LongPolling start(String botToken, URI apiUrl, OkHttpClient base,
                                    LongPollingUpdateConsumer consumer, Runnable onTokenRejected) throws TelegramFailure {
        OkHttpClient http = base.newBuilder()
                .dispatcher(new Dispatcher())
                .readTimeout(POLL_READ_TIMEOUT)
                .addInterceptor(new PollingErrorLogger(onTokenRejected))
                .addInterceptor(new UnreadableUpdateFilter(new ObjectMapper()))
                .build();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("telegram-polling"));
        TelegramBotsLongPollingApplication application = new TelegramBotsLongPollingApplication(
                ObjectMapper::new, () -> http, () -> executor,
                () -> new PollingBackOff(RETRY));
        TelegramUrl url = telegramUrl(apiUrl);
        try {
            BotSession session = application.registerBot(botToken, () -> url,
                    new DefaultGetUpdatesGenerator(ALLOWED_UPDATES), consumer);
            log.info("Polling Telegram at {}://{}:{}", url.getSchema(), url.getHost(), url.getPort());
            return new LongPolling(application, executor, http, session);
        } catch (TelegramApiException e) {
            executor.shutdownNow();
            throw new TelegramFailure(0, "cannot start polling: " + e.getMessage(), e);
        }
    }

    /** Starts polling, as {@link #start} with settings already chosen does. */
    @FunctionalInterface
    public interface Starter {
        LongPolling start() throws TelegramFailure;
    }

    /** The library's URL type from a configured URL that carries scheme, host and port only. */
    public static TelegramUrl telegramUrl(URI apiUrl) {
        String scheme = apiUrl.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = apiUrl.getPort() != -1 ? apiUrl.getPort() : scheme.equals("https") ? 443 : 80;
        return new TelegramUrl(scheme, apiUrl.getHost(), port, false);
    }

    /** Stops polling at once: the poll in flight is cancelled, nothing more is received. */
    @Override
    public void close() {
        session.stop();
        http.dispatcher().cancelAll();
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Polling thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            application.close();
        } catch (Exception e) {
            log.warn("Closing TelegramBots failed: {}", e.toString());
        }
        log.info("Polling stopped");
    }
}
