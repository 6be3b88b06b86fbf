package io.github.gigabot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.gigabot.fakes.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    private static final String TOKEN = "123456:ABC-def_1234567890";
    private static final String KEY = "Y2xpZW50OnNlY3JldA==";

    @TempDir
    Path dir;

    private Map<String, String> requiredEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("TELEGRAM_BOT_TOKEN", TOKEN);
        env.put("GIGACHAT_AUTH_KEY", KEY);
        return env;
    }

    private BotConfig load(Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env).load(Optional.empty(), dir);
    }

    private void writeFile(String content) throws IOException {
        Files.writeString(dir.resolve("bot.properties"), content, StandardCharsets.UTF_8);
    }

    private ConfigException failure(String envName, String value) {
        Map<String, String> env = requiredEnv();
        env.put(envName, value);
        return assertThrows(ConfigException.class, () -> load(env));
    }

    @Test
    void defaultsApplyWhenOnlyTheSecretsAreSet() throws Exception {
        BotConfig config = load(requiredEnv());

        assertEquals(TOKEN, config.telegram().botToken());
        assertEquals(URI.create("https://api.telegram.org"), config.telegram().apiUrl());
        GigaChatSettings g = config.gigachat();
        assertEquals(KEY, g.authKey());
        assertEquals("GIGACHAT_API_PERS", g.scope());
        assertEquals(URI.create("https://ngw.devices.sberbank.ru:9443/api/v2/oauth"), g.authUrl());
        assertEquals(URI.create("https://gigachat.devices.sberbank.ru/api/v1"), g.apiUrl());
        assertEquals("GigaChat", g.model());
        assertEquals(0.8, g.temperature());
        assertEquals(1.0, g.topP());
        assertEquals(1024, g.maxTokens());
        assertEquals(1.0, g.repetitionPenalty());
        assertEquals(Duration.ofSeconds(60), g.timeout());
        assertEquals(1, g.maxConcurrency(), "a personal key runs one request at a time");
        assertEquals(Optional.empty(), g.caFile());
        assertEquals(dir.resolve("data").normalize(), config.dataDir());
    }

    @Test
    void environmentBeatsFileBeatsDefault() throws Exception {
        writeFile("telegram.bot-token=" + TOKEN + "\n"
                + "gigachat.auth-key=" + KEY + "\n"
                + "gigachat.model=GigaChat-2-Pro\n"
                + "gigachat.temperature=0,5\n");
        Map<String, String> env = new HashMap<>();
        env.put("GIGACHAT_MODEL", "GigaChat-2-Max");

        BotConfig config = load(env);

        assertEquals("GigaChat-2-Max", config.gigachat().model(), "environment wins over the file");
        assertEquals(0.5, config.gigachat().temperature(), "the file wins over the default; a comma is accepted");
        assertEquals(TOKEN, config.telegram().botToken());
    }

    @Test
    void blankEnvironmentVariableCountsAsUnset() throws Exception {
        writeFile("telegram.bot-token=" + TOKEN + "\ngigachat.auth-key=" + KEY + "\ngigachat.max-tokens=77\n");
        Map<String, String> env = new HashMap<>();
        env.put("GIGACHAT_MAX_TOKENS", "  ");

        assertEquals(77, load(env).gigachat().maxTokens());
    }

    @Test
    void explicitConfigFileIsRead() throws Exception {
        Path file = dir.resolve("elsewhere.properties");
        Files.writeString(file, "telegram.bot-token=" + TOKEN + "\ngigachat.auth-key=" + KEY + "\nbot.data-dir=/var/lib/bot\n");

        BotConfig config = new ConfigLoader(Map.of()).load(Optional.of(file), dir);

        assertEquals(Path.of("/var/lib/bot"), config.dataDir());
    }

    @Test
    void missingExplicitConfigFileIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(requiredEnv()).load(Optional.of(dir.resolve("nope.properties")), dir));
        assertTrue(e.getMessage().contains("nope.properties"), e.getMessage());
    }

    @Test
    void envNamesFollowTheRule() {
        assertEquals("GIGACHAT_AUTH_KEY", ConfigSource.envName("gigachat.auth-key"));
        assertEquals("GIGACHAT_REPETITION_PENALTY", ConfigSource.envName("gigachat.repetition-penalty"));
        assertEquals("BOT_DATA_DIR", ConfigSource.envName("bot.data-dir"));
    }

    @Test
    void missingTokenNamesTheKeyAndItsVariable() {
        Map<String, String> env = requiredEnv();
        env.remove("TELEGRAM_BOT_TOKEN");
        ConfigException e = assertThrows(ConfigException.class, () -> load(env));
        assertEquals("telegram.bot-token", e.key());
        assertEquals("telegram.bot-token (TELEGRAM_BOT_TOKEN): is required but not set", e.getMessage());
    }

    @Test
    void missingAuthKeyNamesTheKey() {
        Map<String, String> env = requiredEnv();
        env.remove("GIGACHAT_AUTH_KEY");
        assertEquals("gigachat.auth-key", assertThrows(ConfigException.class, () -> load(env)).key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-0.1", "2.01", "NaN", "Infinity", "1e400", "0.5 0.7", "🔥", "ноль", "0x1"})
    void invalidTemperatureIsRejectedWithTheKey(String value) {
        ConfigException e = failure("GIGACHAT_TEMPERATURE", value);
        assertEquals("gigachat.temperature", e.key());
        assertTrue(e.getMessage().contains("greater than 0 and at most 2"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "1.5", "many", "99999999999999999999", "２"})
    void invalidWholeNumbersAreRejected(String value) {
        assertEquals("gigachat.max-tokens", failure("GIGACHAT_MAX_TOKENS", value).key());
        assertEquals("gigachat.timeout", failure("GIGACHAT_TIMEOUT", value).key());
        assertEquals("gigachat.max-concurrency", failure("GIGACHAT_MAX_CONCURRENCY", value).key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-30", "30.5", "тридцать", "30🙂", "100001", "99999999999999999999", "３０"})
    void invalidSendRateIsRejectedWithTheKey(String value) {
        ConfigException e = failure("TELEGRAM_MAX_MESSAGES_PER_SECOND", value);
        assertEquals("telegram.max-messages-per-second", e.key());
        assertTrue(e.getMessage().contains("from 1 to 100000"), e.getMessage());
    }

    @Test
    void sendRateIsThirtyUnlessSet() throws Exception {
        assertEquals(30, load(requiredEnv()).telegram().maxMessagesPerSecond());
        Map<String, String> env = requiredEnv();
        env.put("TELEGRAM_MAX_MESSAGES_PER_SECOND", "100000");
        assertEquals(100_000, load(env).telegram().maxMessagesPerSecond());
    }

    @Test
    void topPAndPenaltyHaveTheirRanges() {
        assertEquals("gigachat.top-p", failure("GIGACHAT_TOP_P", "1.5").key());
        assertEquals("gigachat.repetition-penalty", failure("GIGACHAT_REPETITION_PENALTY", "0").key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://api.telegram.org", "api.telegram.org", "http://", "https://api.telegram.org/custom",
            "https://user:pw@api.telegram.org", "https://api.telegram.org?x=1", "http://exa mple.org", "javascript:alert(1)"})
    void invalidTelegramUrlIsRejected(String value) {
        assertEquals("telegram.api-url", failure("TELEGRAM_API_URL", value).key());
    }

    @Test
    void localBotApiServerOverHttpIsAllowed() throws Exception {
        Map<String, String> env = requiredEnv();
        env.put("TELEGRAM_API_URL", "http://127.0.0.1:8081");
        assertEquals(URI.create("http://127.0.0.1:8081"), load(env).telegram().apiUrl());
    }

    @Test
    void gigachatUrlsKeepTheirPath() throws Exception {
        Map<String, String> env = requiredEnv();
        env.put("GIGACHAT_API_URL", "http://127.0.0.1:9000/api/v1/");
        assertEquals(URI.create("http://127.0.0.1:9000/api/v1/"), load(env).gigachat().apiUrl());
        assertEquals("gigachat.auth-url", failure("GIGACHAT_AUTH_URL", "not a url").key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-token", "987654", ":abc", "123456:abc def", "123456:абв", "🤖:🤖"})
    void malformedTokenIsRejectedWithoutEchoingIt(String value) {
        ConfigException e = failure("TELEGRAM_BOT_TOKEN", value);
        assertEquals("telegram.bot-token", e.key());
        assertFalse(e.getMessage().contains(value), "a secret is never echoed: " + e.getMessage());
    }

    @Test
    void malformedAuthKeyIsRejectedWithoutEchoingIt() {
        ConfigException e = failure("GIGACHAT_AUTH_KEY", "Basic abc def");
        assertEquals("gigachat.auth-key", e.key());
        assertFalse(e.getMessage().contains("abc def"), e.getMessage());
    }

    @Test
    void businessScopeAllowsTenConcurrentCalls() throws Exception {
        Map<String, String> env = requiredEnv();
        env.put("GIGACHAT_SCOPE", "GIGACHAT_API_CORP");
        assertEquals(10, load(env).gigachat().maxConcurrency());
        env.put("GIGACHAT_MAX_CONCURRENCY", "3");
        assertEquals(3, load(env).gigachat().maxConcurrency());
    }

    @Test
    void hostileScopeAndModelAreRejected() {
        assertEquals("gigachat.scope", failure("GIGACHAT_SCOPE", "PERS\r\nX-Evil: 1").key());
        assertEquals("gigachat.model", failure("GIGACHAT_MODEL", "ГигаЧат").key());
        assertEquals("gigachat.model", failure("GIGACHAT_MODEL", "x".repeat(10_000)).key());
    }

    @Test
    void hugeValueIsShownShortAndOnOneLine() {
        ConfigException e = failure("GIGACHAT_TEMPERATURE", "9".repeat(100_000) + "\nsecond line");
        assertTrue(e.getMessage().length() < 200, "one short line: " + e.getMessage().length());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void caFileMustExist() throws Exception {
        assertEquals("gigachat.ca-file", failure("GIGACHAT_CA_FILE", dir.resolve("missing.pem").toString()).key());
        Path pem = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        Map<String, String> env = requiredEnv();
        env.put("GIGACHAT_CA_FILE", pem.toString());
        assertEquals(Optional.of(pem), load(env).gigachat().caFile());
    }

    @Test
    void conversationSettings() throws Exception {
        BotConfig defaults = load(requiredEnv());
        assertEquals(new ConversationSettings(Optional.empty(), 20, true), defaults.conversation());
        assertEquals(Duration.ofSeconds(10), defaults.shutdownGrace());

        writeFile("telegram.bot-token=" + TOKEN + "\ngigachat.auth-key=" + KEY + "\n"
                + "gigachat.system-prompt=Ты — вежливый помощник 🤖.\\nОтвечай кратко.\n"
                + "bot.history-messages=0\nbot.streaming=FALSE\nbot.shutdown-grace=0\n");
        BotConfig custom = load(Map.of());
        assertEquals(new ConversationSettings(Optional.of("Ты — вежливый помощник 🤖.\nОтвечай кратко."), 0, false), custom.conversation());
        assertEquals(Duration.ZERO, custom.shutdownGrace());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "on", "правда", "tru", "🔥"})
    void streamingTakesOnlyTrueOrFalse(String value) {
        assertEquals("bot.streaming", failure("BOT_STREAMING", value).key());
    }

    @Test
    void historyAndGraceHaveTheirRanges() {
        assertEquals("bot.history-messages", failure("BOT_HISTORY_MESSAGES", "-1").key());
        assertEquals("bot.history-messages", failure("BOT_HISTORY_MESSAGES", "201").key());
        assertEquals("bot.shutdown-grace", failure("BOT_SHUTDOWN_GRACE", "601").key());
    }

    @Test
    void overlongSystemPromptIsRejected() {
        ConfigException e = failure("GIGACHAT_SYSTEM_PROMPT", "я".repeat(ConfigLoader.MAX_SYSTEM_PROMPT + 1));
        assertEquals("gigachat.system-prompt", e.key());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void accessSettings() throws Exception {
        assertEquals(new AccessSettings(Set.of(), Set.of(), false, 20), load(requiredEnv()).access());

        Map<String, String> env = requiredEnv();
        env.put("BOT_ALLOWED_USERS", " 123456789 , 42");
        env.put("BOT_ALLOWED_CHATS", "-1001234567890");
        env.put("BOT_GROUP_SETTINGS", "Everyone");
        env.put("BOT_RATE_LIMIT", "0");
        assertEquals(new AccessSettings(Set.of(123456789L, 42L), Set.of(-1001234567890L), true, 0), load(env).access());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1,,2", "1;2", "@username", "1.5", "99999999999999999999", "١٢٣", "12 34", ",", "🔥"})
    void malformedIdListsAreRejected(String value) {
        ConfigException e = failure("BOT_ALLOWED_USERS", value);
        assertEquals("bot.allowed-users", e.key());
        assertTrue(e.getMessage().contains("Telegram ids separated by commas"), e.getMessage());
        assertEquals("bot.allowed-chats", failure("BOT_ALLOWED_CHATS", value).key());
    }

    @Test
    void groupSettingsAndRateLimitAreChecked() {
        assertEquals("bot.group-settings", failure("BOT_GROUP_SETTINGS", "admin").key());
        assertEquals("bot.rate-limit", failure("BOT_RATE_LIMIT", "-1").key());
        assertEquals("bot.rate-limit", failure("BOT_RATE_LIMIT", "много").key());
    }

    @Test
    void maxPendingPerChatDefaultsTo20AndIsChecked() throws Exception {
        assertEquals(20, load(requiredEnv()).maxPendingPerChat());
        Map<String, String> env = requiredEnv();
        env.put("BOT_MAX_PENDING_PER_CHAT", "1");
        assertEquals(1, load(env).maxPendingPerChat());
        env.put("BOT_MAX_PENDING_PER_CHAT", " 7 ");
        assertEquals(7, load(env).maxPendingPerChat(), "surrounding spaces are ignored, as for every key");
        env.put("BOT_MAX_PENDING_PER_CHAT", "");
        assertEquals(20, load(env).maxPendingPerChat(), "empty means not set");
        writeFile("bot.max-pending-per-chat=1000\n");
        assertEquals(1000, new ConfigLoader(requiredEnv()).load(Optional.empty(), dir).maxPendingPerChat());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "1001", "99999999999999999999", "двадцать", "２０", "🔥", "1e3", "20;DROP TABLE inbox"})
    void badMaxPendingPerChatStopsStartUpNamingTheKey(String value) {
        ConfigException e = failure("BOT_MAX_PENDING_PER_CHAT", value);
        assertEquals("bot.max-pending-per-chat", e.key());
        assertTrue(e.getMessage().startsWith("bot.max-pending-per-chat (BOT_MAX_PENDING_PER_CHAT)"), e.getMessage());
        assertTrue(e.getMessage().length() < 200 && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void tokenBudgetsDefaultToNoneAndAreRead() throws Exception {
        assertEquals(new BudgetSettings(0, 0, Set.of()), load(requiredEnv()).budget());

        Map<String, String> env = requiredEnv();
        env.put("BOT_DAILY_TOKEN_LIMIT", "50000");
        env.put("BOT_TOTAL_DAILY_TOKEN_LIMIT", " 1000000000 ");
        env.put("BOT_ADMIN_USERS", "42, 7");
        assertEquals(new BudgetSettings(50_000, 1_000_000_000, Set.of(42L, 7L)), load(env).budget());
        writeFile("bot.daily-token-limit=10\nbot.admin-users=5\n");
        assertEquals(new BudgetSettings(10, 0, Set.of(5L)), new ConfigLoader(requiredEnv()).load(Optional.empty(), dir).budget());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1000000001", "99999999999999999999", "много", "１０", "🔥", "1e6", "10k", "1.5", "10;DROP TABLE token_usage"})
    void badTokenLimitsStopStartUpNamingTheKey(String value) {
        for (String[] key : new String[][] {{"BOT_DAILY_TOKEN_LIMIT", "bot.daily-token-limit"},
                {"BOT_TOTAL_DAILY_TOKEN_LIMIT", "bot.total-daily-token-limit"}}) {
            ConfigException e = failure(key[0], value);
            assertEquals(key[1], e.key());
            assertTrue(e.getMessage().startsWith(key[1] + " (" + key[0] + ")"), e.getMessage());
            assertTrue(e.getMessage().length() < 200 && !e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1,,2", "@admin", "🔥", "١٢٣"})
    void badAdminListsStopStartUp(String value) {
        ConfigException e = failure("BOT_ADMIN_USERS", value);
        assertEquals("bot.admin-users", e.key());
        assertTrue(e.getMessage().contains("Telegram ids separated by commas"), e.getMessage());
    }

    @Test
    void authKeyOverPlainHttpToAnotherHostIsWarnedAbout() {
        assertTrue(ConfigLoader.warnIfKeyTravelsInClear(java.net.URI.create("http://gigachat.example.org/api/v2/oauth")));
        assertTrue(ConfigLoader.warnIfKeyTravelsInClear(java.net.URI.create("HTTP://10.0.0.5:9443/oauth")));
        assertFalse(ConfigLoader.warnIfKeyTravelsInClear(java.net.URI.create("https://ngw.devices.sberbank.ru:9443/api/v2/oauth")));
        assertFalse(ConfigLoader.warnIfKeyTravelsInClear(java.net.URI.create("http://127.0.0.1:8080/oauth")), "a local stand-in");
        assertFalse(ConfigLoader.warnIfKeyTravelsInClear(java.net.URI.create("http://localhost:8080/oauth")));
        assertFalse(ConfigLoader.warnIfKeyTravelsInClear(java.net.URI.create("http://[::1]:8080/oauth")));
    }

    @Test
    void configFileReadableByOthersIsWarnedAbout() throws Exception {
        Path file = Files.writeString(dir.resolve("bot.properties"), "telegram.bot-token=" + TOKEN + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(ConfigLoader.warnIfReadableByOthers(file));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertFalse(ConfigLoader.warnIfReadableByOthers(file));
    }

    @Test
    void unknownKeysInTheFileDoNotStopStartUp() throws Exception {
        writeFile("telegram.bot-token=" + TOKEN + "\ngigachat.auth-key=" + KEY + "\ngigachat.authkey=typo\n");
        try (LogCapture log = new LogCapture(ConfigLoader.class)) {
            assertEquals(KEY, load(Map.of()).gigachat().authKey());
            assertEquals(1, log.lines().stream().filter(line -> line.contains("Unknown setting 'gigachat.authkey'")).count(),
                    "the typo is reported once: " + log.lines());
        }
    }

    @Test
    void secretsNeverAppearInToString() throws Exception {
        BotConfig config = load(requiredEnv());
        assertFalse(config.toString().contains(TOKEN));
        assertFalse(config.toString().contains(KEY));
    }

    @Test
    void everyKeyIsDocumentedInTheExampleFile() throws IOException {
        String example = Files.readString(Path.of("bot.properties.example"));
        for (String key : ConfigLoader.KEYS) {
            assertTrue(example.contains(key + "="), "bot.properties.example lacks " + key);
        }
        String readme = Files.readString(Path.of("README.md"));
        for (String key : ConfigLoader.KEYS) {
            assertTrue(readme.contains("`" + key + "`"), "README lacks " + key);
            assertTrue(readme.contains("`" + ConfigSource.envName(key) + "`"), "README lacks " + ConfigSource.envName(key));
        }
    }

    // ---- every bound, exactly ----------------------------------------------------------------------

    private GigaChatSettings gigachatWith(String envName, String value) throws ConfigException {
        Map<String, String> env = requiredEnv();
        env.put(envName, value);
        return load(env).gigachat();
    }

    @Test
    void samplingSettingsTakeTheirBoundsAndNothingBeyond() throws Exception {
        assertEquals(2.0, gigachatWith("GIGACHAT_TEMPERATURE", "2").temperature());
        assertEquals(0.01, gigachatWith("GIGACHAT_TEMPERATURE", "0,01").temperature());
        assertEquals(0.0, gigachatWith("GIGACHAT_TOP_P", "0").topP());
        assertEquals(1.0, gigachatWith("GIGACHAT_TOP_P", "1").topP());
        assertEquals(100.0, gigachatWith("GIGACHAT_REPETITION_PENALTY", "100").repetitionPenalty());
        assertEquals(0.5, gigachatWith("GIGACHAT_REPETITION_PENALTY", "0.5").repetitionPenalty());
        for (String[] bad : new String[][] {{"GIGACHAT_TEMPERATURE", "0"}, {"GIGACHAT_TEMPERATURE", "2.01"},
                {"GIGACHAT_TOP_P", "-0.1"}, {"GIGACHAT_TOP_P", "1.01"}, {"GIGACHAT_REPETITION_PENALTY", "0"},
                {"GIGACHAT_REPETITION_PENALTY", "100.5"}}) {
            ConfigException e = failure(bad[0], bad[1]);
            assertEquals(bad[0].toLowerCase(java.util.Locale.ROOT).replace('_', '.').replaceFirst("\\.", ".")
                    .replace("gigachat.top.p", "gigachat.top-p").replace("gigachat.repetition.penalty", "gigachat.repetition-penalty"),
                    e.key(), bad[0] + "=" + bad[1]);
        }
        assertTrue(failure("GIGACHAT_REPETITION_PENALTY", "150").getMessage().contains("at most 100"),
                "the refusal names the upper bound it enforces");
    }

    @Test
    void drawingIsOnUnlessSwitchedOff() throws Exception {
        assertTrue(load(requiredEnv()).gigachat().images());
        assertFalse(gigachatWith("GIGACHAT_IMAGES", "false").images());
        assertTrue(gigachatWith("GIGACHAT_IMAGES", "TRUE").images());
        for (String bad : List.of("нет", "0", "off", "🎨", "yes please")) {
            assertEquals("gigachat.images", failure("GIGACHAT_IMAGES", bad).key(), bad);
        }
    }

    @Test
    void aMemberOfAnAllowListIsNotEveryone() {
        assertTrue(new AccessSettings(Set.of(), Set.of(), false, 0).open());
        assertFalse(new AccessSettings(Set.of(1L), Set.of(), false, 0).open());
        assertFalse(new AccessSettings(Set.of(), Set.of(-100L), false, 0).open());
    }

    @Test
    void budgetsCannotBeNegativeAndUnlimitedIsNone() {
        assertEquals(new BudgetSettings(0, 0, Set.of()), BudgetSettings.unlimited());
        assertThrows(IllegalArgumentException.class, () -> new BudgetSettings(-1, 0, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new BudgetSettings(0, -1, Set.of()));
    }

    @Test
    void settingsPrintWithoutTheirSecrets() throws Exception {
        BotConfig config = load(requiredEnv());
        String printed = config.gigachat() + " " + config.telegram();
        assertFalse(printed.contains(config.gigachat().authKey()), printed);
        assertFalse(printed.contains(config.telegram().botToken().substring(config.telegram().botToken().indexOf(':') + 1)), printed);
        assertTrue(printed.contains("model=GigaChat") && printed.contains("images=true"), printed);
        assertTrue(String.valueOf(config.telegram()).contains("api.telegram.org"), printed);
    }

    @Test
    void aLongBadValueIsShownShortAndOnOneLine() {
        assertEquals("'" + "x".repeat(60) + "'", ConfigLoader.shown("x".repeat(60)));
        assertEquals("'" + "x".repeat(60) + "…'", ConfigLoader.shown("x".repeat(61)));
        assertEquals("'a?b'", ConfigLoader.shown("a\nb"));
    }
    @Test
    void pollingAndSqliteAndNoHttpUnlessSet() throws Exception {
        BotConfig config = load(requiredEnv());
        assertEquals(Optional.empty(), config.telegram().webhook());
        assertEquals(Optional.empty(), config.database().url());
        assertEquals(Optional.empty(), config.httpListen());
    }

    private Map<String, String> webhookEnv() {
        Map<String, String> env = requiredEnv();
        env.put("TELEGRAM_MODE", "webhook");
        env.put("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/telegram/hook");
        env.put("TELEGRAM_WEBHOOK_SECRET", "s3cret_Token-1");
        return env;
    }

    @Test
    void webhookModeReadsItsSettingsAndListensOnAllAddressesByDefault() throws Exception {
        WebhookSettings webhook = load(webhookEnv()).telegram().webhook().orElseThrow();
        assertEquals(URI.create("https://bot.example.org/telegram/hook"), webhook.url());
        assertEquals("/telegram/hook", webhook.path());
        assertEquals("s3cret_Token-1", webhook.secret());
        assertEquals(new InetSocketAddress("0.0.0.0", 8080), webhook.listen());
        assertFalse(webhook.toString().contains("s3cret"), webhook.toString());
        Map<String, String> env = webhookEnv();
        env.put("TELEGRAM_WEBHOOK_URL", "https://bot.example.org");
        env.put("TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1:9090");
        webhook = load(env).telegram().webhook().orElseThrow();
        assertEquals("/", webhook.path());
        assertEquals(new InetSocketAddress("127.0.0.1", 9090), webhook.listen());
    }

    @ParameterizedTest
    @ValueSource(strings = {"push", "Webhooks", "вебхук", "🪝", "polling webhook"})
    void unknownModeIsRejected(String value) {
        ConfigException e = failure("TELEGRAM_MODE", value);
        assertEquals("telegram.mode", e.key());
        assertTrue(e.getMessage().contains("polling or webhook"), e.getMessage());
    }

    @Test
    void webhookModeNeedsAnHttpsUrlAndASecret() {
        Map<String, String> env = webhookEnv();
        env.remove("TELEGRAM_WEBHOOK_URL");
        assertEquals("telegram.webhook-url", assertThrows(ConfigException.class, () -> load(env)).key());
        env.put("TELEGRAM_WEBHOOK_URL", "http://bot.example.org/hook");
        assertEquals("telegram.webhook-url", assertThrows(ConfigException.class, () -> load(env)).key());
        env.put("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/hook");
        env.remove("TELEGRAM_WEBHOOK_SECRET");
        assertEquals("telegram.webhook-secret", assertThrows(ConfigException.class, () -> load(env)).key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"секрет", "has space", "a/b", "semi;colon", "emoji🙂", "257x"})
    void webhookSecretFollowsTelegramsRuleAndIsNeverEchoed(String value) {
        Map<String, String> env = webhookEnv();
        env.put("TELEGRAM_WEBHOOK_SECRET", value.equals("257x") ? "x".repeat(257) : value);
        ConfigException e = assertThrows(ConfigException.class, () -> load(env));
        assertEquals("telegram.webhook-secret", e.key());
        assertFalse(e.getMessage().contains(env.get("TELEGRAM_WEBHOOK_SECRET")), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"8080", "localhost", "127.0.0.1:", ":8080", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:99999999",
            "хост:8080", "127.0.0.1:８０", "[::1:8080", "127.0.0.1:80 80", "no-such-host.invalid:8080"})
    void listenAddressesMustBeHostAndPort(String value) {
        ConfigException e = failure("BOT_HTTP_LISTEN", value);
        assertEquals("bot.http-listen", e.key());
        Map<String, String> env = webhookEnv();
        env.put("TELEGRAM_WEBHOOK_LISTEN", value);
        assertEquals("telegram.webhook-listen", assertThrows(ConfigException.class, () -> load(env)).key());
    }

    @Test
    void listenAddressesAcceptIpv4Ipv6AndNames() throws Exception {
        Map<String, String> env = requiredEnv();
        env.put("BOT_HTTP_LISTEN", "127.0.0.1:8081");
        assertEquals(Optional.of(new InetSocketAddress("127.0.0.1", 8081)), load(env).httpListen());
        env.put("BOT_HTTP_LISTEN", "[::1]:8081");
        assertEquals(8081, load(env).httpListen().orElseThrow().getPort());
        assertTrue(load(env).httpListen().orElseThrow().getAddress().isLoopbackAddress());
        env.put("BOT_HTTP_LISTEN", "localhost:65535");
        assertEquals(65535, load(env).httpListen().orElseThrow().getPort());
    }

    @Test
    void databaseUrlSelectsPostgresWithItsCredentials() throws Exception {
        Map<String, String> env = requiredEnv();
        env.put("BOT_DATABASE_URL", "jdbc:postgresql://db:5432/bot");
        env.put("BOT_DATABASE_USER", "bot");
        env.put("BOT_DATABASE_PASSWORD", "пароль-🙂");
        DatabaseSettings database = load(env).database();
        assertEquals(Optional.of("jdbc:postgresql://db:5432/bot"), database.url());
        assertEquals("bot", database.user());
        assertEquals("пароль-🙂", database.password());
        assertFalse(database.toString().contains("пароль"), database.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://db/bot", "jdbc:mysql://db/bot", "jdbc:sqlite:bot.db", "jdbc:postgresql://db bot",
            "база данных", "jdbc:postgresql://"})
    void databaseUrlMustBePostgresJdbc(String value) {
        ConfigException e = failure("BOT_DATABASE_URL", value);
        assertEquals("bot.database-url", e.key());
        assertTrue(e.getMessage().contains("jdbc:postgresql://"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres://bot:hunter2@db/bot", "jdbc:mysql://db/bot?password=hunter2",
            "postgresql://db/bot;password=hunter2", "jdbc:postgresql://bot:hunter2@db bot"})
    void aMalformedDatabaseUrlIsShownWithoutItsPassword(String value) {
        ConfigException e = failure("BOT_DATABASE_URL", value);
        assertEquals("bot.database-url", e.key());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("db"), "the rest is shown: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://bot:hunter2@db:5432/bot", "jdbc:postgresql://bot@db/bot",
            "jdbc:postgresql://пользователь:hunter2@db/bot"})
    void credentialsInsideTheDatabaseUrlAreRefusedWithoutShowingThem(String value) {
        ConfigException e = failure("BOT_DATABASE_URL", value);
        assertEquals("bot.database-url", e.key());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("bot.database-user"), "says where they go: " + e.getMessage());
    }
}
