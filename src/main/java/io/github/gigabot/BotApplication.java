package io.github.gigabot;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.chat.BotIdentity;
import io.github.gigabot.chat.ChatOptions;
import io.github.gigabot.chat.ChatService;
import io.github.gigabot.chat.ChatStores;
import io.github.gigabot.chat.Gatekeeper;
import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.chat.ModelAccess;
import io.github.gigabot.chat.QuestionLimit;
import io.github.gigabot.chat.QuestionRateLimiter;
import io.github.gigabot.chat.Reply;
import io.github.gigabot.chat.SharedQuestionLimit;
import io.github.gigabot.chat.StorageException;
import io.github.gigabot.chat.TokenBudget;
import io.github.gigabot.chat.UserTexts;
import io.github.gigabot.cluster.ExclusiveRole;
import io.github.gigabot.config.BotConfig;
import io.github.gigabot.config.ConfigException;
import io.github.gigabot.config.DatabaseSettings;
import io.github.gigabot.config.WebhookSettings;
import io.github.gigabot.dispatch.ChatQueues;
import io.github.gigabot.dispatch.DaemonThreads;
import io.github.gigabot.dispatch.WorkerPool;
import io.github.gigabot.gigachat.GigaChatClient;
import io.github.gigabot.gigachat.GigaChatTrustException;
import io.github.gigabot.inbox.Claimer;
import io.github.gigabot.inbox.Delivery;
import io.github.gigabot.inbox.Inbox;
import io.github.gigabot.inbox.LeaseBook;
import io.github.gigabot.metrics.BotMetrics;
import io.github.gigabot.metrics.MeteredChatModel;
import io.github.gigabot.pacing.SendLimits;
import io.github.gigabot.pacing.SendPacer;
import io.github.gigabot.render.AnswerFormatter;
import io.github.gigabot.render.MarkdownRenderer;
import io.github.gigabot.storage.AdvisoryLock;
import io.github.gigabot.storage.ChatLeases;
import io.github.gigabot.storage.ChatSettingsStore;
import io.github.gigabot.storage.Database;
import io.github.gigabot.storage.Dialect;
import io.github.gigabot.storage.HistoryStore;
import io.github.gigabot.storage.InboxStore;
import io.github.gigabot.storage.QuestionTimesStore;
import io.github.gigabot.storage.UsageStore;
import io.github.gigabot.telegram.ChatAdminCache;
import io.github.gigabot.telegram.LongPolling;
import io.github.gigabot.telegram.ReplySender;
import io.github.gigabot.telegram.TelegramBotApi;
import io.github.gigabot.telegram.TelegramContact;
import io.github.gigabot.telegram.TelegramFailure;
import io.github.gigabot.telegram.TelegramFiles;
import io.github.gigabot.telegram.TypingIndicator;
import io.github.gigabot.telegram.UpdateMapper;
import io.github.gigabot.telegram.UpdateReceiver;
import io.github.gigabot.telegram.WebhookReceiver;
import io.github.gigabot.time.Backoff;
import io.github.gigabot.time.Scheduler;
import io.github.gigabot.time.Sleeper;
import io.github.gigabot.web.Health;
import io.github.gigabot.web.HttpEndpoints;
import io.github.gigabot.web.MetricsRoute;
import io.github.gigabot.web.Request;
import io.github.gigabot.web.Response;
import io.github.gigabot.web.Route;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;

/**
 * The running bot: wires storage, GigaChat, the chat logic and Telegram together, and takes them
 * apart again in the right order. The only class that sees both GigaChat and Telegram.
 */
public final class BotApplication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BotApplication.class);

    private static final Duration TYPING_PERIOD = Duration.ofSeconds(4);
    /** A message whose handling failed is tried again after 2 s, then 4 s. */
    private static final Backoff HANDLING_RETRY = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(4));
    /** An answer Telegram did not take is sent again after 1 s, 2 s, 4 s… and then every 5 minutes. */
    private static final Backoff RESEND = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
    /** A promoted or demoted administrator is recognised within this time. */
    private static final Duration ADMIN_CACHE_TTL = Duration.ofMinutes(5);
    /** Answered inbox entries are kept this long so that a redelivered update is recognised. */
    private static final Duration INBOX_KEEP_DONE = Duration.ofDays(1);
    /** Pauses between tries of a service not reachable yet at start-up: 1 s, doubling up to 30 s. */
    private static final Backoff STARTUP_RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    private static final Set<String> PASSING_STATES = Set.of("53300", "57P01", "57P02", "57P03", "40001", "40P01");
    /** How long a chat stays with an instance that stopped renewing its lease: how soon a dead one's chats move on. */
    private static final Duration LEASE_TTL = Duration.ofSeconds(10);
    /** How often an instance looks for messages other instances stored, and renews its leases. */
    private static final Duration CLAIM_INTERVAL = Duration.ofMillis(250);
    /** How often an instance without the polling role asks for it: how soon polling moves on. */
    private static final Duration ROLE_CHECK_INTERVAL = Duration.ofSeconds(1);
    /** The advisory lock of the polling role ("GigaPoll"). */
    private static final long POLLING_LOCK = 0x47696761506f6c6cL;
    private static final Duration TELEGRAM_PROBE_AFTER = Duration.ofSeconds(60);
    /** Unready once Telegram has not answered for this long (the probe asks every 30 s). */
    private static final Duration TELEGRAM_STALE_AFTER = Duration.ofSeconds(150);
    private static final int HTTP_THREADS = 8;
    /** A chat worker idle this long ends; a quiet bot keeps no threads it does not use. */
    private static final Duration WORKER_KEEP_ALIVE = Duration.ofSeconds(30);

    /** Things to close on shutdown, most recently opened first. */
    private final Deque<AutoCloseable> resources;
    private final ChatQueues queues;
    private final BotIdentity identity;
    private final CompletableFuture<FatalException> fatal;
    private final InboxStore inbox;

    private BotApplication(Deque<AutoCloseable> resources, ChatQueues queues, BotIdentity identity,
                           CompletableFuture<FatalException> fatal, InboxStore inbox) {
        this.inbox = inbox;
        this.resources = resources;
        this.queues = queues;
        this.identity = identity;
        this.fatal = fatal;
    }

    /**
     * Starts the bot: opens the database, checks the token with {@code getMe}, and begins polling.
     *
     * @throws ConfigException when a setting turns out to be unusable (data directory, CA file,
     *                         a token Telegram rejects)
     * @throws FatalException when the database in the data directory cannot be used
     * @throws InterruptedException when stopped while still waiting for Telegram to answer
     */
    public static BotApplication start(BotConfig config) throws ConfigException, FatalException, InterruptedException {
        // The one source of time and of pauses; every class that reads the time or waits gets these.
        Clock clock = Clock.systemUTC();
        Sleeper sleeper = Sleeper.system();
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            // Setting up GigaChat's TLS trust takes a few hundred milliseconds: it runs while the
            // database opens and Telegram answers getMe, and closing waits for it.
            FutureTask<GigaChatClient> gigachatSetup = new FutureTask<>(() -> gigachat(config));
            DaemonThreads.named("gigachat-setup").newThread(gigachatSetup).start();
            resources.push(() -> closeWhenSetUp(gigachatSetup));

            Database database = open(config, sleeper);
            resources.push(database);
            Optional<PrometheusMeterRegistry> prometheus = config.httpListen().map(address -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            BotMetrics metrics = prometheus.map(BotMetrics::new).orElseGet(BotMetrics::none);

            TelegramContact contact = new TelegramContact(clock::millis, metrics::telegramRefused);
            OkHttpClient http = telegramHttp(contact);
            resources.push(() -> {
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
            });
            TelegramBotApi telegram = new TelegramBotApi(new OkHttpTelegramClient(
                    new ObjectMapper(), http, config.telegram().botToken(), LongPolling.telegramUrl(config.telegram().apiUrl())));
            BotIdentity identity = untilReachable("getMe", telegram::getMe, sleeper);
            GigaChatClient gigachat = setUp(gigachatSetup);

            // With a shared database, this instance's chats are handed to the others only once the
            // answers in progress here are finished (closing runs in the reverse order of this list).
            AtomicReference<Claimer> claimerRef = new AtomicReference<>();
            resources.push(() -> Optional.ofNullable(claimerRef.get()).ifPresent(Claimer::close));
            // Typing renewals keep their own thread: a slow retry must not delay "typing…" anywhere.
            ScheduledExecutorService typingThread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("typing"));
            resources.push(typingThread::shutdownNow);
            ScheduledExecutorService retryThread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("retries"));
            resources.push(retryThread::shutdownNow);
            Scheduler retries = Scheduler.using(retryThread);
            ChatQueues queues = new ChatQueues(WorkerPool.create(workerCount(config), WORKER_KEEP_ALIVE,
                    DaemonThreads.named("chat-worker")), retries);
            AtomicReference<Delivery> deliveryRef = new AtomicReference<>();
            resources.push(() -> queues.shutdown(config.shutdownGrace(), () -> {
                // Past the grace period: what is cut short now waits in the inbox for the next start.
                if (deliveryRef.get() != null) {
                    deliveryRef.get().abandon();
                }
                gigachat.close();
            }));

            ChatOptions options = new ChatOptions(config.gigachat().temperature(), config.conversation().systemPrompt(),
                    config.conversation().historyMessages(), config.gigachat().model());
            // Instances sharing a database count each user's questions there, together.
            boolean shared = database.dialect() == Dialect.POSTGRESQL;
            QuestionLimit questions;
            if (shared) {
                SharedQuestionLimit counted = new SharedQuestionLimit(config.access().questionsPerMinute(),
                        new QuestionTimesStore(database), clock::millis);
                retryThread.scheduleAtFixedRate(() -> forgetIdleAskers(counted), 1, 1, TimeUnit.HOURS);
                questions = counted;
            } else {
                questions = new QuestionRateLimiter(config.access().questionsPerMinute(), clock::millis);
            }
            Gatekeeper gatekeeper = new Gatekeeper(config.access(),
                    new ChatAdminCache(telegram, ADMIN_CACHE_TTL, clock::millis), questions, clock::millis);
            UsageStore usage = new UsageStore(database);
            ChatStores stores = new ChatStores(new ChatSettingsStore(database), new HistoryStore(database), usage);
            ChatService chat = new ChatService(identity, new ModelAccess(new MeteredChatModel(gigachat, metrics, System::nanoTime),
                    gigachat.models(), gigachat.images(),
                    new AttachmentRelay(new TelegramFiles(telegram, http, config.telegram().apiUrl(), config.telegram().botToken()),
                            gigachat.files())), stores, options, gatekeeper,
                    new TokenBudget(usage, config.budget(), clock), new UserTexts(),
                    new AnswerFormatter(new MarkdownRenderer(), Reply.MAX_LENGTH));
            // The menu is not needed to answer: it goes out while polling starts.
            retryThread.execute(() -> publishCommands(telegram, chat));
            // One pacer for every message and draft the bot sends, so together they stay under Telegram's limits.
            SendPacer pacer = SendPacer.system(SendLimits.telegram(config.telegram().maxMessagesPerSecond()));
            metrics.depth("send", pacer::waiting);
            ReplySender sender = new ReplySender(telegram, pacer, sleeper);
            MessageHandler handler = new MessageHandler(chat, new TypingIndicator(telegram, typingThread, TYPING_PERIOD),
                    telegram, pacer, config.conversation().streaming(), clock);
            InboxStore inboxStore = new InboxStore(database, clock);
            metrics.depth("inbox", () -> inboxDepth(inboxStore));
            purgeAnswered(inboxStore);
            retryThread.scheduleAtFixedRate(() -> purgeAnswered(inboxStore), 1, 1, TimeUnit.HOURS);
            // Nothing reaches Telegram from an idle instance that does not poll: it asks now and then,
            // so that readiness tells a Telegram that cannot be reached from a quiet one.
            retryThread.scheduleAtFixedRate(() -> probeTelegram(telegram, contact), 30, 30, TimeUnit.SECONDS);
            Inbox inbox = new Inbox(inboxStore);
            LeaseBook leaseBook = new LeaseBook(LEASE_TTL, System::nanoTime);
            Delivery delivery = new Delivery(inbox, queues, retries, sleeper, handler, sender::sendAll,
                    new Delivery.Policy(config.maxPendingPerChat(), HANDLING_RETRY, RESEND), metrics,
                    shared ? leaseBook : Delivery.Tenure.SOLE);
            deliveryRef.set(delivery);

            Receiving receiving;
            if (shared) {
                Claimer claimer = new Claimer(inbox, new ChatLeases(database, instanceId(), LEASE_TTL), leaseBook, delivery,
                        workerCount(config), CLAIM_INTERVAL);
                claimerRef.set(claimer);
                resources.push(claimer::stopClaiming);
                receiving = new Receiving(batch -> {
                    delivery.store(batch);
                    claimer.wake();
                }, batch -> {
                    delivery.storeOnce(batch);
                    claimer.wake();
                });
            } else {
                recover(delivery, config);
                receiving = new Receiving(delivery::admit, delivery::admitOnce);
            }

            CompletableFuture<FatalException> fatal = new CompletableFuture<>();
            Runnable onTokenRejected = () -> fatal.complete(new FatalException("Telegram rejected the bot token (401) while running: "
                    + "it was revoked or replaced; put the current one from BotFather in telegram.bot-token (TELEGRAM_BOT_TOKEN)", null));
            Map<InetSocketAddress, Map<String, Route>> servers = new HashMap<>();
            AtomicBoolean started = new AtomicBoolean();
            config.httpListen().ifPresent(address -> {
                Health health = new Health(started::get, database::reachable, contact::sinceLastAnswer, TELEGRAM_STALE_AFTER);
                Map<String, Route> routes = servers.computeIfAbsent(address, a -> new HashMap<>());
                routes.put("/healthz", health.liveness());
                routes.put("/readyz", health.readiness());
                routes.put("/metrics", new MetricsRoute(prometheus.orElseThrow()::scrape));
            });
            Optional<WebhookSettings> webhook = config.telegram().webhook();
            if (webhook.isPresent()) {
                WebhookReceiver receiver = new WebhookReceiver(webhook.get().secret(), new UpdateMapper(identity.userId()),
                        receiving.oneCall()::store, clock::millis);
                servers.computeIfAbsent(webhook.get().listen(), a -> new HashMap<>())
                        .put(webhook.get().path(), webhookRoute(receiver, contact));
            }
            for (Map.Entry<InetSocketAddress, Map<String, Route>> server : servers.entrySet()) {
                resources.push(listen(server.getKey(), server.getValue()));
            }
            LongPolling.Starter polling = () -> LongPolling.start(config.telegram().botToken(), config.telegram().apiUrl(), http,
                    new UpdateReceiver(new UpdateMapper(identity.userId()), receiving.batch()), onTokenRejected);
            if (webhook.isPresent()) {
                untilReachable("setWebhook", () -> {
                    telegram.setWebhook(webhook.get().url().toString(), webhook.get().secret(), LongPolling.ALLOWED_UPDATES);
                    return null;
                }, sleeper);
                log.info("Telegram calls the webhook at {}", webhook.get().url());
            } else {
                Optional<AdvisoryLock> pollingLock = database.advisoryLock(POLLING_LOCK);
                if (pollingLock.isPresent()) {
                    ExclusiveRole role = new ExclusiveRole("polling", pollingLock.get(), polling::start, ROLE_CHECK_INTERVAL, sleeper);
                    role.start();
                    resources.push(role);
                } else {
                    resources.push(untilReachable("deleteWebhook", polling::start, sleeper));
                }
            }
            // Work is taken from the shared inbox only once nothing else can stop the start.
            Optional.ofNullable(claimerRef.get()).ifPresent(Claimer::start);
            started.set(true);
            log.info("Bot @{} is running (model {}, up to {} model call(s) at once, {})", identity.username(),
                    config.gigachat().model(), config.gigachat().maxConcurrency(),
                    shared ? "shared PostgreSQL database" : "SQLite in " + config.dataDir());
            return new BotApplication(resources, queues, identity, fatal, inboxStore);
        } catch (ConfigException | FatalException | InterruptedException | RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /**
     * How received updates get into the inbox: a polled batch (retried until stored), and one
     * webhook call's update (stored once, or failed so Telegram delivers it again).
     */
    private record Receiving(Consumer<List<IncomingMessage>> batch, WebhookReceiver.Store oneCall) {
    }

    /** Telegram's calls: the secret checked before the body is read; any call with it is a sign of Telegram. */
    private static Route webhookRoute(WebhookReceiver receiver, TelegramContact contact) {
        return new Route() {
            @Override
            public Optional<Response> refuse(Request head) {
                return receiver.refuse(head.method(), head.header(WebhookReceiver.SECRET_HEADER)).map(BotApplication::response);
            }

            @Override
            public Response handle(Request request) {
                WebhookReceiver.Outcome outcome = receiver.receive(request.method(),
                        request.header(WebhookReceiver.SECRET_HEADER), request.body());
                contact.heardFrom();
                return response(outcome);
            }
        };
    }

    private static Response response(WebhookReceiver.Outcome outcome) {
        return Response.text(outcome.status(), outcome.name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }

    private static HttpEndpoints listen(InetSocketAddress address, Map<String, Route> routes) throws ConfigException {
        try {
            return HttpEndpoints.start(address, routes, HTTP_THREADS);
        } catch (IOException e) {
            String key = routes.containsKey("/healthz") ? "bot.http-listen" : "telegram.webhook-listen";
            throw new ConfigException(key, "cannot listen on " + address + ": " + e.getMessage());
        }
    }

    private static double inboxDepth(InboxStore store) {
        try {
            return store.pendingCount();
        } catch (StorageException e) {
            return Double.NaN;
        }
    }

    private static void probeTelegram(TelegramBotApi telegram, TelegramContact contact) {
        if (contact.sinceLastAnswer().map(since -> since.compareTo(TELEGRAM_PROBE_AFTER) < 0).orElse(false)) {
            return;
        }
        try {
            telegram.getMe();
        } catch (TelegramFailure e) {
            log.warn("Telegram cannot be reached: {}", e.getMessage());
        }
    }

    /** Names this run of this instance among those sharing the database. */
    private static String instanceId() {
        return UUID.randomUUID().toString();
    }

    /** Messages waiting, held or being answered, over all chats: what the bot holds in memory. */
    public int pendingMessages() {
        return queues.pending();
    }

    /**
     * Messages stored and not yet answered or turned away, over every instance sharing the database:
     * what {@code /metrics} shows as the inbox's depth. With a shared database, messages are screened
     * when an instance takes them, so for a moment they may outnumber those held in memory.
     */
    public long inboxDepth() throws StorageException {
        return inbox.pendingCount();
    }

    /** Who the bot is, from getMe. */
    public BotIdentity identity() {
        return identity;
    }

    /** Blocks until the bot cannot go on (its token was revoked) and says why. */
    public FatalException awaitFatal() throws InterruptedException {
        try {
            return fatal.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A data folder that cannot be made is a setting to fix; a database that cannot be used is fatal. */
    private static Database open(BotConfig config, Sleeper sleeper) throws ConfigException, FatalException, InterruptedException {
        if (config.database().url().isPresent()) {
            return connect(config.database(), sleeper);
        }
        try {
            return Database.open(config.dataDir());
        } catch (StorageException e) {
            if (!Files.isDirectory(config.dataDir()) || !Files.isWritable(config.dataDir())) {
                throw new ConfigException("bot.data-dir", e.getMessage());
            }
            throw new FatalException("The database in " + config.dataDir() + " cannot be used (" + e.getMessage()
                    + "); restore it from a backup, or move it away to start with an empty one", e);
        }
    }

    /**
     * Connects to PostgreSQL. Credentials or a database name the server refuses are settings to fix;
     * a server that cannot be reached yet (it is still starting beside the bot) is tried again with a
     * growing pause, as Telegram is.
     */
    static Database connect(DatabaseSettings settings, Sleeper sleeper) throws ConfigException, InterruptedException {
        for (int failures = 0; ; failures++) {
            try {
                return Database.connect(settings.url().orElseThrow(), settings.user(), settings.password());
            } catch (StorageException e) {
                String state = sqlState(e);
                if (state.startsWith("28")) {
                    throw new ConfigException(settings.password().isEmpty() ? "bot.database-user" : "bot.database-password",
                            "PostgreSQL refused the login: " + e.getMessage());
                }
                if (state.equals("3D000")) {
                    throw new ConfigException("bot.database-url", "no such database: " + e.getMessage());
                }
                if (!passing(state)) {
                    throw new ConfigException("bot.database-url", "the database cannot be used: " + e.getMessage());
                }
                Duration pause = STARTUP_RETRY.pause(failures);
                log.warn("PostgreSQL cannot be used yet ({}); trying again in {} s", e.getMessage(), pause.toSeconds());
                sleeper.sleep(pause);
            }
        }
    }

    /**
     * Whether a refusal passes by itself: no answer at all, a broken connection (08…), a server out
     * of connections (53300), shutting down or starting up (57P01–57P03), or a transaction that lost
     * a race with another instance migrating the same database (40001, 40P01). A full disk or a
     * dropped database does not pass by itself: it stops start-up.
     */
    static boolean passing(String sqlState) {
        return sqlState.isEmpty() || sqlState.startsWith("08") || PASSING_STATES.contains(sqlState);
    }

    /** The SQL state of the database's refusal, or empty when it gave none (no answer at all). */
    private static String sqlState(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException && ((java.sql.SQLException) cause).getSQLState() != null) {
                return ((java.sql.SQLException) cause).getSQLState();
            }
        }
        return "";
    }

    /**
     * Sets the command menu: Russian for Russian speakers, English for everyone else. A failure only
     * costs the menu, so it is logged, not fatal.
     */
    private static void publishCommands(TelegramBotApi telegram, ChatService chat) {
        try {
            telegram.setCommands(chat.commandMenu("ru"), "ru");
            telegram.setCommands(chat.commandMenu("en"), null);
        } catch (TelegramFailure e) {
            log.warn("Command menu not set: {}", e.getMessage());
        }
    }

    /** Forgets answered inbox entries older than a day; they only guard against redelivery. */
    private static void purgeAnswered(InboxStore store) {
        try {
            int purged = store.purgeDone(INBOX_KEEP_DONE);
            if (purged > 0) {
                log.info("Forgot {} answered message(s) older than {}", purged, INBOX_KEEP_DONE);
            }
        } catch (StorageException e) {
            log.error("Inbox clean-up failed: {}", e.getMessage());
        }
    }

    private static void forgetIdleAskers(SharedQuestionLimit questions) {
        try {
            questions.forgetIdle();
        } catch (StorageException e) {
            log.error("Question times clean-up failed: {}", e.getMessage());
        }
    }

    private static void recover(Delivery delivery, BotConfig config) throws FatalException {
        try {
            delivery.recover();
        } catch (StorageException e) {
            throw new FatalException("The inbox in " + config.dataDir() + " cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static GigaChatClient setUp(FutureTask<GigaChatClient> setup) throws ConfigException, InterruptedException {
        try {
            return setup.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConfigException) {
                throw (ConfigException) e.getCause();
            }
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void closeWhenSetUp(FutureTask<GigaChatClient> setup) throws InterruptedException {
        try {
            setup.get().close();
        } catch (ExecutionException e) {
            // Nothing was set up, so nothing is left to close.
        }
    }

    private static GigaChatClient gigachat(BotConfig config) throws ConfigException {
        try {
            return GigaChatClient.create(config.gigachat());
        } catch (GigaChatTrustException e) {
            throw new ConfigException("gigachat.ca-file", e.getMessage());
        }
    }

    /** A Bot API call made at start-up. */
    @FunctionalInterface
    private interface StartupCall<T> {
        T run() throws TelegramFailure;
    }

    /**
     * Makes a start-up call to Telegram. A rejected token stops start-up; a Telegram that cannot be
     * reached yet (no network when a container starts) is asked again with a growing pause.
     */
    private static <T> T untilReachable(String what, StartupCall<T> call, Sleeper sleeper)
            throws ConfigException, InterruptedException {
        for (int failures = 0; ; failures++) {
            try {
                return call.run();
            } catch (TelegramFailure e) {
                if (e.tokenRejected()) {
                    throw new ConfigException("telegram.bot-token", "rejected by Telegram (" + e.errorCode() + "): check the token from BotFather");
                }
                Duration pause = STARTUP_RETRY.pause(failures);
                log.warn("Telegram {} failed ({}); trying again in {} s", what, e.getMessage(), pause.toSeconds());
                sleeper.sleep(pause);
            }
        }
    }

    /** One client for all Bot API calls, polling's too; sends to many chats may run at once. */
    private static OkHttpClient telegramHttp(TelegramContact contact) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(128);
        dispatcher.setMaxRequestsPerHost(64);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30))
                .writeTimeout(Duration.ofSeconds(30))
                .addInterceptor(contact)
                .build();
    }

    /**
     * Workers beyond the model's concurrency wait for their turn while showing "typing…", so there
     * are enough of them for every chat that is waiting, within reason.
     */
    private static int workerCount(BotConfig config) {
        return Math.max(16, config.gigachat().maxConcurrency() * 4);
    }

    /**
     * Stops polling, lets answers in progress finish for up to {@code bot.shutdown-grace}, leaves the
     * rest in the inbox for the next start, and releases everything.
     */
    @Override
    public synchronized void close() {
        if (resources.isEmpty()) {
            return;
        }
        log.info("Stopping: {} message(s) in progress or waiting", queues.pending());
        closeAll(resources);
        log.info("Stopped");
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                log.warn("Error while stopping: {}", e.toString());
            }
        }
    }
}
