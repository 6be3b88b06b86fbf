package io.github.gigabot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.gigabot.fakes.FakeGigaChat;
import io.github.gigabot.fakes.FakeTelegram;

/**
 * The real application, started through {@link Main#launch} as {@code main} does, wired to a fake
 * Bot API and a fake GigaChat on loopback, with a {@code bot.properties} in a temporary folder.
 */
final class BotHarness implements AutoCloseable {

    final FakeTelegram telegram;
    final FakeGigaChat gigachat;
    private final Path dir;
    private final List<String> extraSettings = new ArrayList<>();
    private BotApplication app;

    BotHarness(Path dir) throws Exception {
        this.dir = dir;
        this.telegram = new FakeTelegram();
        this.gigachat = new FakeGigaChat();
    }

    /** Adds a {@code key=value} line to the config file written at the next start. */
    BotHarness setting(String key, String value) {
        extraSettings.add(key + "=" + value);
        return this;
    }

    BotApplication start() throws Exception {
        List<String> lines = new ArrayList<>(List.of(
                "telegram.bot-token=" + FakeTelegram.TOKEN,
                "telegram.api-url=" + telegram.url(),
                "gigachat.auth-key=" + FakeGigaChat.AUTH_KEY,
                "gigachat.auth-url=" + gigachat.authUrl(),
                "gigachat.api-url=" + gigachat.apiUrl(),
                "gigachat.timeout=5",
                "bot.data-dir=data"));
        lines.addAll(extraSettings);
        Files.writeString(dir.resolve("bot.properties"), String.join("\n", lines) + "\n");
        app = Main.launch(Optional.of(Path.of("bot.properties")), Map.of(), dir);
        return app;
    }

    void restart() throws Exception {
        stopBot();
        start();
    }

    void stopBot() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    BotApplication app() {
        return app;
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    @Override
    public void close() throws Exception {
        stopBot();
        telegram.close();
        gigachat.close();
    }
}
