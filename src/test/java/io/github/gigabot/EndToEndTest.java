package io.github.gigabot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import io.github.gigabot.fakes.FakeGigaChat;
import io.github.gigabot.fakes.FakeTelegram.Sent;
import io.github.gigabot.fakes.FakeTelegram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the end-to-end tests: fresh loopback fakes and a {@link BotHarness} for each test, with the
 * log checked for secrets at DEBUG. Each class runs on the SQLite file; its {@code OnPostgresqlTest}
 * twin runs the same cases on a real PostgreSQL server.
 */
@ExtendWith(NoSecretsInLogs.class)
abstract class EndToEndTest {

    /** Long enough for retries with real backoff; a passing test never waits for it. */
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    BotHarness bot;
    FakeTelegram telegram;
    FakeGigaChat gigachat;

    /** Whether the bot keeps its data on PostgreSQL: the {@code OnPostgresqlTest} twin of each class says yes. */
    boolean onPostgres() {
        return false;
    }

    @BeforeEach
    void startFakes() throws Exception {
        bot = new BotHarness(dir, onPostgres());
        telegram = bot.telegram;
        gigachat = bot.gigachat;
    }

    @AfterEach
    void stopAll() throws Exception {
        bot.close();
    }

    static List<String> texts(List<Sent> sent) {
        return sent.stream().map(Sent::text).collect(Collectors.toList());
    }
}
