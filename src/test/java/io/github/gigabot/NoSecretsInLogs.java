package io.github.gigabot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.github.gigabot.fakes.FakeGigaChat;
import io.github.gigabot.fakes.FakeTelegram;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;
import org.slf4j.LoggerFactory;

/**
 * Runs each test of an end-to-end class with the root log level at DEBUG (the production logback
 * configuration otherwise) and fails it if any log event, message or stack trace, contains the bot
 * token, the GigaChat authorization key, an access token or the database password.
 */
final class NoSecretsInLogs implements BeforeEachCallback, AfterEachCallback {

    private static final List<String> SECRETS = List.of(
            FakeTelegram.TOKEN.substring(FakeTelegram.TOKEN.indexOf(':') + 1),
            FakeGigaChat.AUTH_KEY,
            FakeGigaChat.ACCESS_TOKEN,
            io.github.gigabot.fakes.PostgresServer.PASSWORD);

    private ListAppender<ILoggingEvent> appender;
    private Level previousLevel;

    @Override
    public void beforeEach(ExtensionContext context) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        previousLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        root.setLevel(previousLevel);
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(appender.list)) {
            lines.add(event.getLoggerName() + " " + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        boolean skipped = context.getExecutionException().filter(TestAbortedException.class::isInstance).isPresent();
        assertTrue(skipped || !lines.isEmpty(), "the log was captured");
        for (String line : lines) {
            for (String secret : SECRETS) {
                assertTrue(!line.contains(secret), "a secret in the log: " + line);
            }
        }
    }
}
