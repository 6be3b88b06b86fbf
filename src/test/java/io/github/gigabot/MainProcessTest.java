package io.github.gigabot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.gigabot.fakes.FakeGigaChat;
import io.github.gigabot.fakes.FakeTelegram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot as a real process: exit codes and what the person starting it reads. Exit 2 for settings,
 * exit 0 after SIGTERM.
 */
class MainProcessTest {

    @TempDir
    Path dir;

    private final List<Process> started = new java.util.ArrayList<>();

    /** A test that failed midway leaves no bot process running. */
    @AfterEach
    void stopWhatIsLeft() {
        started.forEach(Process::destroyForcibly);
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The bot's own logging set-up, as the jar has it, not the test suite's quiet one.
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=logback.xml", Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        // Also the JVM's own option variables: the JVM would announce them on stderr, which the tests read.
        builder.environment().keySet().removeIf(name -> name.startsWith("TELEGRAM_") || name.startsWith("GIGACHAT_")
                || name.startsWith("BOT_") || List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS").contains(name));
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private String read(String name) throws IOException {
        File file = dir.resolve(name).toFile();
        return file.exists() ? Files.readString(file.toPath(), StandardCharsets.UTF_8) : "";
    }

    private int exitCode(Process process) throws InterruptedException {
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the process ended");
        return process.exitValue();
    }

    @Test
    void missingSettingStopsWithOneLineAndExitCode2() throws Exception {
        Process process = start(Map.of("GIGACHAT_AUTH_KEY", FakeGigaChat.AUTH_KEY));

        assertEquals(2, exitCode(process));
        assertEquals("Configuration error: telegram.bot-token (TELEGRAM_BOT_TOKEN): is required but not set\n",
                read("stderr.txt"));
    }

    @Test
    void invalidValueInConfigFileStopsWithExitCode2() throws Exception {
        Files.writeString(dir.resolve("custom.properties"), "telegram.bot-token=" + FakeTelegram.TOKEN + "\n"
                + "gigachat.auth-key=" + FakeGigaChat.AUTH_KEY + "\ngigachat.temperature=горячо\n");

        Process process = start(Map.of(), "--config", "custom.properties");

        assertEquals(2, exitCode(process));
        assertEquals("Configuration error: gigachat.temperature (GIGACHAT_TEMPERATURE): must be a number greater than 0"
                + " and at most 2, got 'горячо'\n", read("stderr.txt"));
    }

    @Test
    void unknownArgumentIsAUsageError() throws Exception {
        assertEquals(2, exitCode(start(Map.of(), "--confgi", "x")));
        assertTrue(read("stderr.txt").startsWith("Unknown argument: --confgi"), read("stderr.txt"));
    }

    @Test
    void rejectedTokenStopsWithExitCode2() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram(); FakeGigaChat gigachat = new FakeGigaChat()) {
            telegram.script("getMe", FakeTelegram.error(401, "Unauthorized"));

            Process process = start(env(telegram, gigachat));

            assertEquals(2, exitCode(process));
            assertTrue(read("stderr.txt").contains("telegram.bot-token (TELEGRAM_BOT_TOKEN): rejected by Telegram (401)"),
                    read("stderr.txt"));
            assertTrue(telegram.calls("sendMessage").isEmpty());
        }
    }

    @Test
    void tokenRevokedWhileRunningStopsWithOneLineAndExitCode2() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram(); FakeGigaChat gigachat = new FakeGigaChat()) {
            Process process = start(env(telegram, gigachat));
            waitFor(() -> read("stdout.txt").contains("is running"), Duration.ofSeconds(30));
            for (int i = 0; i < 3; i++) {
                telegram.script("getUpdates", FakeTelegram.error(401, "Unauthorized"));
            }

            assertEquals(2, exitCode(process), read("stdout.txt") + read("stderr.txt"));
            String stderr = read("stderr.txt");
            assertTrue(stderr.startsWith("Cannot go on: Telegram rejected the bot token (401) while running"), stderr);
            assertEquals(1, stderr.lines().count(), "one line: " + stderr);
            assertFalse(stderr.contains(FakeTelegram.TOKEN.substring(10)), "bot token in the message");
        }
    }

    @Test
    void anUnusableDatabaseStopsStartUpWithOneLineAndExitCode2() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram(); FakeGigaChat gigachat = new FakeGigaChat()) {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("data").resolve("bot.db"), "это не база данных ".repeat(500));

            Process process = start(env(telegram, gigachat));

            assertEquals(2, exitCode(process), read("stdout.txt") + read("stderr.txt"));
            String stderr = read("stderr.txt");
            assertTrue(stderr.startsWith("Cannot go on: The database in "), stderr);
            assertEquals(1, stderr.lines().count(), "one line: " + stderr);
            assertTrue(telegram.calls("sendMessage").isEmpty());
        }
    }

    @Test
    void sigtermStopsTheBotWithExitCode0AndNoSecretsInTheLog() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram(); FakeGigaChat gigachat = new FakeGigaChat()) {
            Map<String, String> env = new java.util.HashMap<>(env(telegram, gigachat));
            env.put("LOG_LEVEL", "DEBUG");
            Process process = start(env);
            waitFor(() -> read("stdout.txt").contains("is running"), Duration.ofSeconds(30));
            telegram.privateMessage(42, "ru", "Привет");
            telegram.awaitSent(1, Duration.ofSeconds(20));

            process.destroy(); // SIGTERM

            assertEquals(0, exitCode(process));
            String log = read("stdout.txt") + read("stderr.txt");
            assertTrue(log.contains("Stopped"), log);
            assertFalse(log.contains(FakeTelegram.TOKEN.substring(10)), "bot token in the log");
            assertFalse(log.contains(FakeGigaChat.AUTH_KEY), "auth key in the log");
            assertFalse(log.contains(FakeGigaChat.ACCESS_TOKEN), "access token in the log");
        }
    }

    @Test
    void sigtermWhileStartingUpExitsWith0() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram(); FakeGigaChat gigachat = new FakeGigaChat()) {
            for (int i = 0; i < 20; i++) {
                telegram.script("getMe", FakeTelegram.error(502, "Bad Gateway"));
            }
            Process process = start(env(telegram, gigachat));
            waitFor(() -> read("stdout.txt").contains("Telegram getMe failed"), Duration.ofSeconds(30));

            process.destroy(); // SIGTERM while start-up still waits for Telegram

            assertEquals(0, exitCode(process), read("stdout.txt") + read("stderr.txt"));
            assertTrue(read("stdout.txt").contains("Stopped before start-up finished"), read("stdout.txt"));
        }
    }

    @Test
    void killedMidAnswerLosesNoMessage() throws Exception {
        try (FakeTelegram telegram = new FakeTelegram(); FakeGigaChat gigachat = new FakeGigaChat()) {
            gigachat.answer(request -> FakeGigaChat.completion("Ответ: " + FakeGigaChat.lastUserMessage(request), "stop")
                    .setBodyDelay(700, TimeUnit.MILLISECONDS));
            Process first = start(env(telegram, gigachat));
            waitFor(() -> read("stdout.txt").contains("is running"), Duration.ofSeconds(30));
            List<String> questions = List.of("раз", "два", "три", "четыре");
            for (String question : questions) {
                telegram.privateMessage(42, "ru", question);
            }
            telegram.privateMessage(43, "en", "other chat");
            telegram.awaitSent(1, Duration.ofSeconds(20));

            first.destroyForcibly(); // SIGKILL: no graceful path at all
            first.waitFor(10, TimeUnit.SECONDS);
            int answeredBeforeKill = telegram.sentMessages().size();
            assertTrue(answeredBeforeKill < 5, "killed mid-way: " + answeredBeforeKill);

            Process second = start(env(telegram, gigachat));
            List<FakeTelegram.Sent> sent = telegram.awaitSent(all -> all.stream().map(FakeTelegram.Sent::text)
                    .collect(java.util.stream.Collectors.toSet()).size() == 5, Duration.ofSeconds(40));
            second.destroy();
            assertEquals(0, exitCode(second));

            List<String> firstChat = sent.stream().filter(m -> m.chatId() == 42).map(FakeTelegram.Sent::text)
                    .distinct().collect(java.util.stream.Collectors.toList());
            assertEquals(List.of("Ответ: раз", "Ответ: два", "Ответ: три", "Ответ: четыре"), firstChat, "in order");
            assertTrue(sent.size() <= 5 + 1, "at most the answer in flight is repeated: " + sent);
            assertTrue(read("stdout.txt").contains("Recovered"), "the second run answered from the inbox");
        }
    }

    private Map<String, String> env(FakeTelegram telegram, FakeGigaChat gigachat) {
        return Map.of(
                "TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN,
                "TELEGRAM_API_URL", telegram.url(),
                "GIGACHAT_AUTH_KEY", FakeGigaChat.AUTH_KEY,
                "GIGACHAT_AUTH_URL", gigachat.authUrl(),
                "GIGACHAT_API_URL", gigachat.apiUrl(),
                "BOT_DATA_DIR", dir.resolve("data").toString());
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check check, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
