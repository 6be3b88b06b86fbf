package io.github.gigabot.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the settings from the environment, the properties file and the defaults (in that order of
 * precedence) and validates them into a {@link BotConfig}. Every problem is a {@link ConfigException}
 * naming the key, so start-up can stop with one clear line before any network call.
 */
public final class ConfigLoader {

    /** The file read from the working directory when no {@code --config} is given. */
    public static final String DEFAULT_FILE = "bot.properties";

    static final String TELEGRAM_BOT_TOKEN = "telegram.bot-token";
    static final String TELEGRAM_API_URL = "telegram.api-url";
    static final String TELEGRAM_MAX_MESSAGES_PER_SECOND = "telegram.max-messages-per-second";
    static final String TELEGRAM_MODE = "telegram.mode";
    static final String TELEGRAM_WEBHOOK_URL = "telegram.webhook-url";
    static final String TELEGRAM_WEBHOOK_LISTEN = "telegram.webhook-listen";
    static final String TELEGRAM_WEBHOOK_SECRET = "telegram.webhook-secret";
    static final String GIGACHAT_AUTH_KEY = "gigachat.auth-key";
    static final String GIGACHAT_SCOPE = "gigachat.scope";
    static final String GIGACHAT_AUTH_URL = "gigachat.auth-url";
    static final String GIGACHAT_API_URL = "gigachat.api-url";
    static final String GIGACHAT_MODEL = "gigachat.model";
    static final String GIGACHAT_TEMPERATURE = "gigachat.temperature";
    static final String GIGACHAT_TOP_P = "gigachat.top-p";
    static final String GIGACHAT_MAX_TOKENS = "gigachat.max-tokens";
    static final String GIGACHAT_REPETITION_PENALTY = "gigachat.repetition-penalty";
    static final String GIGACHAT_TIMEOUT = "gigachat.timeout";
    static final String GIGACHAT_MAX_CONCURRENCY = "gigachat.max-concurrency";
    static final String GIGACHAT_CA_FILE = "gigachat.ca-file";
    static final String GIGACHAT_IMAGES = "gigachat.images";
    static final String BOT_DATA_DIR = "bot.data-dir";
    static final String BOT_SHUTDOWN_GRACE = "bot.shutdown-grace";
    static final String GIGACHAT_SYSTEM_PROMPT = "gigachat.system-prompt";
    static final String BOT_HISTORY_MESSAGES = "bot.history-messages";
    static final String BOT_STREAMING = "bot.streaming";
    static final String BOT_ALLOWED_USERS = "bot.allowed-users";
    static final String BOT_ALLOWED_CHATS = "bot.allowed-chats";
    static final String BOT_GROUP_SETTINGS = "bot.group-settings";
    static final String BOT_RATE_LIMIT = "bot.rate-limit";
    static final String BOT_MAX_PENDING_PER_CHAT = "bot.max-pending-per-chat";
    static final String BOT_DAILY_TOKEN_LIMIT = "bot.daily-token-limit";
    static final String BOT_TOTAL_DAILY_TOKEN_LIMIT = "bot.total-daily-token-limit";
    static final String BOT_ADMIN_USERS = "bot.admin-users";
    static final String BOT_DATABASE_URL = "bot.database-url";
    static final String BOT_DATABASE_USER = "bot.database-user";
    static final String BOT_DATABASE_PASSWORD = "bot.database-password";
    static final String BOT_HTTP_LISTEN = "bot.http-listen";

    /** Every key the bot reads; anything else in the file earns a warning. */
    public static final Set<String> KEYS = Set.of(
            TELEGRAM_BOT_TOKEN, TELEGRAM_API_URL, TELEGRAM_MAX_MESSAGES_PER_SECOND, GIGACHAT_AUTH_KEY, GIGACHAT_SCOPE, GIGACHAT_AUTH_URL,
            GIGACHAT_API_URL, GIGACHAT_MODEL, GIGACHAT_TEMPERATURE, GIGACHAT_TOP_P, GIGACHAT_MAX_TOKENS,
            GIGACHAT_REPETITION_PENALTY, GIGACHAT_TIMEOUT, GIGACHAT_MAX_CONCURRENCY, GIGACHAT_CA_FILE, GIGACHAT_IMAGES,
            BOT_DATA_DIR, BOT_SHUTDOWN_GRACE, GIGACHAT_SYSTEM_PROMPT, BOT_HISTORY_MESSAGES, BOT_STREAMING,
            BOT_ALLOWED_USERS, BOT_ALLOWED_CHATS, BOT_GROUP_SETTINGS, BOT_RATE_LIMIT,
            BOT_MAX_PENDING_PER_CHAT, BOT_DAILY_TOKEN_LIMIT, BOT_TOTAL_DAILY_TOKEN_LIMIT, BOT_ADMIN_USERS,
            TELEGRAM_MODE, TELEGRAM_WEBHOOK_URL, TELEGRAM_WEBHOOK_LISTEN, TELEGRAM_WEBHOOK_SECRET,
            BOT_DATABASE_URL, BOT_DATABASE_USER, BOT_DATABASE_PASSWORD, BOT_HTTP_LISTEN);

    /** A billion tokens a day is beyond any key's quota: a larger number is a typo. */
    static final int MAX_TOKEN_LIMIT = 1_000_000_000;

    /** Longest system prompt: it is sent with every request and counts against the context. */
    static final int MAX_SYSTEM_PROMPT = 4000;

    /** The scope of a personal key, which GigaChat allows one request at a time. */
    static final String PERSONAL_SCOPE = "GIGACHAT_API_PERS";

    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

    // BotFather tokens are "<bot id>:<secret>"; checking the shape catches pasting the wrong thing.
    private static final Pattern BOT_TOKEN = Pattern.compile("\\d{1,20}:[A-Za-z0-9_-]{1,200}");
    // The key goes into an HTTP header as it is, so it must be plain Base64.
    private static final Pattern AUTH_KEY = Pattern.compile("[A-Za-z0-9+/=_-]{1,4096}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final int MAX_SHOWN_VALUE = 60;
    // ASCII only: Java's number parsers also accept other scripts' digits and exponents.
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,10}([.,][0-9]{1,10})?");
    private static final Pattern WHOLE = Pattern.compile("-?[0-9]{1,10}");
    // Telegram's own rule for setWebhook's secret_token.
    private static final Pattern WEBHOOK_SECRET = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern POSTGRES_URL = Pattern.compile("jdbc:postgresql://[^\\s]{1,2000}");
    // host:port, the host an IPv6 address in brackets, a name or an IPv4 address.
    private static final Pattern ADDRESS = Pattern.compile("(\\[[0-9A-Fa-f:.]{2,45}\\]|[A-Za-z0-9.-]{1,253}):([0-9]{1,5})");
    static final int DEFAULT_WEBHOOK_PORT = 8080;
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private final Map<String, String> env;

    /** @param env the process environment (a map, so tests can pass their own) */
    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * Loads the configuration.
     *
     * @param explicitFile the file named by {@code --config}, which must exist; when empty,
     *                     {@code bot.properties} in {@code workingDir} is read if it exists
     */
    public BotConfig load(Optional<Path> explicitFile, Path workingDir) throws ConfigException {
        ConfigSource source = new ConfigSource(env, readFile(explicitFile, workingDir));
        for (String unknown : source.unknownFileKeys(KEYS)) {
            log.warn("Unknown setting '{}' in the config file is ignored (a typo?)", unknown);
        }
        Values values = new Values(source);

        TelegramSettings telegram = new TelegramSettings(
                values.matching(TELEGRAM_BOT_TOKEN, BOT_TOKEN, "does not look like a bot token from BotFather (123456789:AA...)"),
                values.url(TELEGRAM_API_URL, "https://api.telegram.org", true),
                values.integer(TELEGRAM_MAX_MESSAGES_PER_SECOND, 30, 1, 100_000),
                webhook(values));

        String scope = values.optional(GIGACHAT_SCOPE).orElse(PERSONAL_SCOPE);
        if (!NAME.matcher(scope).matches()) {
            throw new ConfigException(GIGACHAT_SCOPE, "must be GIGACHAT_API_PERS, GIGACHAT_API_B2B or GIGACHAT_API_CORP, got " + shown(scope));
        }
        String model = values.optional(GIGACHAT_MODEL).orElse("GigaChat");
        if (!NAME.matcher(model).matches()) {
            throw new ConfigException(GIGACHAT_MODEL, "must be a model name such as GigaChat or GigaChat-2-Max, got " + shown(model));
        }
        URI authUrl = values.url(GIGACHAT_AUTH_URL, "https://ngw.devices.sberbank.ru:9443/api/v2/oauth", false);
        warnIfKeyTravelsInClear(authUrl);
        GigaChatSettings gigachat = new GigaChatSettings(
                values.matching(GIGACHAT_AUTH_KEY, AUTH_KEY, "must be the Base64 authorization key from GigaChat Studio"),
                scope,
                authUrl,
                values.url(GIGACHAT_API_URL, "https://gigachat.devices.sberbank.ru/api/v1", false),
                model,
                values.decimal(GIGACHAT_TEMPERATURE, 0.8, t -> t > 0 && t <= GigaChatSettings.MAX_TEMPERATURE, "a number greater than 0 and at most 2"),
                values.decimal(GIGACHAT_TOP_P, 1.0, p -> p >= 0 && p <= 1, "a number from 0 to 1"),
                values.integer(GIGACHAT_MAX_TOKENS, 1024, 1, 1_000_000),
                values.decimal(GIGACHAT_REPETITION_PENALTY, 1.0, r -> r > 0 && r <= 100, "a number greater than 0 and at most 100 (1.0 is neutral)"),
                Duration.ofSeconds(values.integer(GIGACHAT_TIMEOUT, 60, 1, 3600)),
                values.integer(GIGACHAT_MAX_CONCURRENCY, PERSONAL_SCOPE.equals(scope) ? 1 : 10, 1, 1000),
                values.readableFile(GIGACHAT_CA_FILE),
                values.bool(GIGACHAT_IMAGES, true));

        Path dataDir = Path.of(values.optional(BOT_DATA_DIR).orElse("./data"));
        Duration shutdownGrace = Duration.ofSeconds(values.integer(BOT_SHUTDOWN_GRACE, 10, 0, 600));
        Optional<String> systemPrompt = values.optional(GIGACHAT_SYSTEM_PROMPT);
        if (systemPrompt.isPresent() && systemPrompt.get().length() > MAX_SYSTEM_PROMPT) {
            throw new ConfigException(GIGACHAT_SYSTEM_PROMPT, "is " + systemPrompt.get().length()
                    + " characters long; at most " + MAX_SYSTEM_PROMPT + " are allowed");
        }
        ConversationSettings conversation = new ConversationSettings(systemPrompt,
                values.integer(BOT_HISTORY_MESSAGES, 20, 0, 200), values.bool(BOT_STREAMING, true));
        AccessSettings access = new AccessSettings(values.ids(BOT_ALLOWED_USERS), values.ids(BOT_ALLOWED_CHATS),
                values.choice(BOT_GROUP_SETTINGS, "admins", "everyone").equals("everyone"),
                values.integer(BOT_RATE_LIMIT, 20, 0, 10_000));
        int maxPendingPerChat = values.integer(BOT_MAX_PENDING_PER_CHAT, 20, 1, 1000);
        BudgetSettings budget = new BudgetSettings(values.integer(BOT_DAILY_TOKEN_LIMIT, 0, 0, MAX_TOKEN_LIMIT),
                values.integer(BOT_TOTAL_DAILY_TOKEN_LIMIT, 0, 0, MAX_TOKEN_LIMIT), values.ids(BOT_ADMIN_USERS));
        return new BotConfig(telegram, gigachat, workingDir.resolve(dataDir).normalize(), shutdownGrace, conversation, access,
                maxPendingPerChat, budget, database(values), values.address(BOT_HTTP_LISTEN));
    }

    /** Webhook mode's settings, checked only when it is chosen; empty for long polling. */
    private static Optional<WebhookSettings> webhook(Values values) throws ConfigException {
        if (values.choice(TELEGRAM_MODE, "polling", "webhook").equals("polling")) {
            return Optional.empty();
        }
        if (values.optional(TELEGRAM_WEBHOOK_URL).isEmpty()) {
            throw new ConfigException(TELEGRAM_WEBHOOK_URL, "is required when telegram.mode is webhook: the public https:// URL Telegram calls");
        }
        URI url = values.url(TELEGRAM_WEBHOOK_URL, "", false);
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            throw new ConfigException(TELEGRAM_WEBHOOK_URL, "must start with https:// (Telegram calls webhooks over HTTPS only), got "
                    + shown(url.toString()));
        }
        InetSocketAddress listen = values.address(TELEGRAM_WEBHOOK_LISTEN).orElse(new InetSocketAddress("0.0.0.0", DEFAULT_WEBHOOK_PORT));
        return Optional.of(new WebhookSettings(url, listen, values.matching(TELEGRAM_WEBHOOK_SECRET, WEBHOOK_SECRET,
                "must be 1 to 256 characters A-Z, a-z, 0-9, _ and - (Telegram's rule for a secret token)")));
    }

    private static DatabaseSettings database(Values values) throws ConfigException {
        Optional<String> url = values.optional(BOT_DATABASE_URL);
        if (url.isEmpty()) {
            return DatabaseSettings.SQLITE;
        }
        // The URL up to its parameters, which may hold a password.
        String withoutParameters = url.get().replaceFirst("[?;#].*", "");
        if (!POSTGRES_URL.matcher(url.get()).matches()) {
            throw new ConfigException(BOT_DATABASE_URL, "must be a PostgreSQL JDBC URL such as jdbc:postgresql://db:5432/bot "
                    + "(leave it empty for the SQLite file in bot.data-dir), got "
                    // Shown without what may be a password: its parameters, or a user:password@ part.
                    + shown(withoutParameters.replaceFirst("//[^/]*@", "//…@")));
        }
        if (withoutParameters.contains("@")) {
            // The driver would take "user:password@host" for a host name, and echo it in every connection error.
            throw new ConfigException(BOT_DATABASE_URL, "must not hold a user or password: put them in bot.database-user "
                    + "and bot.database-password (BOT_DATABASE_PASSWORD), and leave jdbc:postgresql://host:port/name");
        }
        return new DatabaseSettings(url, values.optional(BOT_DATABASE_USER).orElse(""), values.optional(BOT_DATABASE_PASSWORD).orElse(""));
    }

    private static Properties readFile(Optional<Path> explicitFile, Path workingDir) throws ConfigException {
        Properties properties = new Properties();
        Path file = explicitFile.orElse(workingDir.resolve(DEFAULT_FILE));
        if (explicitFile.isEmpty() && !Files.exists(file)) {
            return properties; // Settings may all come from the environment, as in a container.
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--config", "file " + file + " does not exist");
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
        warnIfReadableByOthers(file);
        return properties;
    }

    /** The file holds the bot token and the GigaChat key: only its owner should be able to read it. */
    static boolean warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("{} holds secrets but other users can read it; restrict it with: chmod 600 {}", file, file);
                return true;
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system (Windows): its ACLs are the user's business.
        }
        return false;
    }

    /**
     * The authorization key goes to {@code gigachat.auth-url} with every token request: over plain
     * http to another machine anyone on the way can read it. Plain http to this machine is a
     * stand-in or a local proxy, and fine.
     */
    static boolean warnIfKeyTravelsInClear(URI authUrl) {
        String host = authUrl.getHost() == null ? "" : authUrl.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.equals("[::1]") || LOOPBACK_V4.matcher(host).matches();
        if ("http".equalsIgnoreCase(authUrl.getScheme()) && !loopback) {
            log.warn("{} is plain http to {}: the GigaChat authorization key would travel unencrypted; use https",
                    GIGACHAT_AUTH_URL, host);
            return true;
        }
        return false;
    }

    /** Quotes a user's value for an error message, cut short so a pasted novel stays one line. */
    static String shown(String value) {
        String oneLine = value.replaceAll("\\p{Cntrl}", "?");
        return "'" + (oneLine.length() > MAX_SHOWN_VALUE ? oneLine.substring(0, MAX_SHOWN_VALUE) + "…" : oneLine) + "'";
    }

    /** Typed reads of one source, each failing with the key's name. */
    private static final class Values {
        private final ConfigSource source;

        Values(ConfigSource source) {
            this.source = source;
        }

        Optional<String> optional(String key) {
            return source.get(key);
        }

        /** A required secret: its value is never echoed back, not even in an error. */
        String matching(String key, Pattern pattern, String expectation) throws ConfigException {
            String value = source.get(key).orElseThrow(() -> new ConfigException(key, "is required but not set"));
            if (!pattern.matcher(value).matches()) {
                throw new ConfigException(key, expectation);
            }
            return value;
        }

        Optional<Path> readableFile(String key) throws ConfigException {
            Optional<String> raw = source.get(key);
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            Path file;
            try {
                file = Path.of(raw.get());
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigException(key, "is not a valid file name: " + shown(raw.get()));
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new ConfigException(key, "file " + shown(raw.get()) + " does not exist or cannot be read");
            }
            return Optional.of(file);
        }

        double decimal(String key, double fallback, DoublePredicate valid, String expectation) throws ConfigException {
            Optional<String> raw = source.get(key);
            if (raw.isEmpty()) {
                return fallback;
            }
            if (DECIMAL.matcher(raw.get()).matches()) {
                double value = Double.parseDouble(raw.get().replace(',', '.'));
                if (valid.test(value)) {
                    return value;
                }
            }
            throw new ConfigException(key, "must be " + expectation + ", got " + shown(raw.get()));
        }

        /** Comma-separated Telegram ids (group ids are negative); empty when unset. */
        Set<Long> ids(String key) throws ConfigException {
            Optional<String> raw = source.get(key);
            Set<Long> ids = new java.util.LinkedHashSet<>();
            if (raw.isEmpty()) {
                return ids;
            }
            for (String item : raw.get().split(",", -1)) {
                String id = item.strip();
                if (!id.matches("-?[0-9]{1,19}")) {
                    throw new ConfigException(key, "must be Telegram ids separated by commas, such as 123456789,-1001234567890; "
                            + (id.isEmpty() ? "found an empty item" : "found " + shown(id)));
                }
                try {
                    ids.add(Long.parseLong(id));
                } catch (NumberFormatException e) {
                    throw new ConfigException(key, "id out of range: " + shown(id));
                }
            }
            return ids;
        }

        /** One of the allowed words (any case); the first is the default. */
        String choice(String key, String fallback, String... others) throws ConfigException {
            Optional<String> raw = source.get(key);
            if (raw.isEmpty()) {
                return fallback;
            }
            String value = raw.get().toLowerCase(Locale.ROOT);
            if (value.equals(fallback) || java.util.Arrays.asList(others).contains(value)) {
                return value;
            }
            throw new ConfigException(key, "must be " + fallback + " or " + String.join(" or ", others) + ", got " + shown(raw.get()));
        }

        boolean bool(String key, boolean fallback) throws ConfigException {
            Optional<String> raw = source.get(key);
            if (raw.isEmpty()) {
                return fallback;
            }
            switch (raw.get().toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    throw new ConfigException(key, "must be true or false, got " + shown(raw.get()));
            }
        }

        /** A {@code host:port} to listen on; empty when unset. */
        Optional<InetSocketAddress> address(String key) throws ConfigException {
            Optional<String> raw = source.get(key);
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            java.util.regex.Matcher matcher = ADDRESS.matcher(raw.get());
            int port = matcher.matches() ? Integer.parseInt(matcher.group(2)) : 0;
            if (port < 1 || port > 65_535) {
                throw new ConfigException(key, "must be host:port to listen on, such as 127.0.0.1:8081 or 0.0.0.0:8080, got " + shown(raw.get()));
            }
            String host = matcher.group(1).replace("[", "").replace("]", "");
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new ConfigException(key, "host " + shown(host) + " is not an address of this machine's network");
            }
            return Optional.of(address);
        }

        int integer(String key, int fallback, int min, int max) throws ConfigException {
            Optional<String> raw = source.get(key);
            if (raw.isEmpty()) {
                return fallback;
            }
            if (WHOLE.matcher(raw.get()).matches()) {
                long value = Long.parseLong(raw.get());
                if (value >= min && value <= max) {
                    return (int) value;
                }
            }
            throw new ConfigException(key, "must be a whole number from " + min + " to " + max + ", got " + shown(raw.get()));
        }

        /**
         * An http(s) URL. The Telegram URL may carry only scheme, host and port, because
         * TelegramBots builds request paths itself.
         */
        URI url(String key, String fallback, boolean originOnly) throws ConfigException {
            String raw = source.get(key).orElse(fallback);
            URI uri;
            try {
                uri = new URI(raw);
            } catch (URISyntaxException e) {
                throw new ConfigException(key, "is not a valid URL: " + shown(raw));
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new ConfigException(key, "must start with https:// or http://, got " + shown(raw));
            }
            if (uri.getHost() == null || uri.getRawUserInfo() != null) {
                throw new ConfigException(key, "must be a URL with a host name, got " + shown(raw));
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new ConfigException(key, "must not contain '?' or '#', got " + shown(raw));
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (originOnly && !path.isEmpty() && !path.equals("/")) {
                throw new ConfigException(key, "must be only scheme, host and port (no path), got " + shown(raw));
            }
            return uri;
        }
    }
}
