package io.github.gigabot;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.gigabot.config.BotConfig;
import io.github.gigabot.config.ConfigException;
import io.github.gigabot.config.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command-line entry: {@code java -jar gigachat-telegram-bot.jar [--config FILE]}. Exit codes: 0 after
 * a normal stop (SIGTERM, Ctrl+C), 2 when a setting is missing or invalid or the bot cannot go on
 * (database unusable, token revoked while running), 1 on any other failure to start.
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_CONFIG = 2;

    private static final String USAGE = "Usage: java -jar gigachat-telegram-bot.jar [--config FILE]\n"
            + "Reads bot.properties from the working directory unless --config names another file;\n"
            + "every setting can also come from the environment (see README).";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Path.of("").toAbsolutePath(), System.err));
    }

    /** Starts the bot and waits until the process is told to stop; returns the exit code. */
    static int run(String[] args, Map<String, String> env, Path workingDir, PrintStream err) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return EXIT_CONFIG;
        }
        if (commandLine.help()) {
            err.println(USAGE);
            return EXIT_OK;
        }
        Stopping stopping = new Stopping(Thread.currentThread());
        // Installed before start-up, which may wait a long time for Telegram: a stop then is a stop too.
        Runtime.getRuntime().addShutdownHook(new Thread(stopping::run, "shutdown"));
        BotApplication app;
        try {
            app = launch(commandLine.configFile(), env, workingDir);
        } catch (ConfigException e) {
            err.println("Configuration error: " + e.getMessage());
            return stopping.exit(EXIT_CONFIG);
        } catch (FatalException e) {
            err.println("Cannot go on: " + e.getMessage());
            return stopping.exit(EXIT_CONFIG);
        } catch (InterruptedException e) {
            log.info("Stopped before start-up finished");
            return stopping.exit(EXIT_OK);
        } catch (RuntimeException e) {
            err.println("Cannot start: " + e);
            return stopping.exit(EXIT_FAILURE);
        }
        if (!stopping.started(app)) {
            app.close();
            log.info("Stopped before start-up finished");
            return stopping.exit(EXIT_OK);
        }
        try {
            FatalException fatal = app.awaitFatal();
            err.println("Cannot go on: " + fatal.getMessage());
            stopping.exitCode.set(EXIT_CONFIG);
            app.close();
            return EXIT_CONFIG;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_OK;
        }
    }

    /**
     * What a stop signal does: before the bot is up, interrupt start-up and let it tidy up; once it
     * is up, close it. Either way the process ends with the exit code decided here, not 128+signal.
     */
    private static final class Stopping {
        private final Thread mainThread;
        private final AtomicInteger exitCode = new AtomicInteger(EXIT_OK);
        private final CountDownLatch startupOver = new CountDownLatch(1);
        private BotApplication app;
        private boolean signalled;

        Stopping(Thread mainThread) {
            this.mainThread = mainThread;
        }

        /** Hands over the started bot; false when a stop came first. */
        synchronized boolean started(BotApplication started) {
            if (signalled) {
                return false;
            }
            app = started;
            startupOver.countDown();
            return true;
        }

        /** Start-up ended without a bot: the code the process ends with. */
        int exit(int code) {
            exitCode.set(code);
            startupOver.countDown();
            return code;
        }

        void run() {
            BotApplication running;
            synchronized (this) {
                signalled = true;
                running = app;
            }
            if (running == null) {
                mainThread.interrupt();
                try {
                    startupOver.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                running.close();
            }
            // A signal would otherwise end the JVM with 128+signal; a clean stop is a success.
            Runtime.getRuntime().halt(exitCode.get());
        }
    }

    /** Loads the configuration named by the arguments and starts the bot: what {@link #main} runs. */
    public static BotApplication launch(Optional<Path> configFile, Map<String, String> env, Path workingDir)
            throws ConfigException, FatalException, InterruptedException {
        BotConfig config = new ConfigLoader(env).load(configFile.map(workingDir::resolve), workingDir);
        return BotApplication.start(config);
    }

    /**
     * What the command line asks for.
     *
     * @param help       print usage and exit
     * @param configFile the {@code --config} file, or empty for {@code bot.properties}
     */
    record CommandLine(boolean help, Optional<Path> configFile) {

        static CommandLine parse(String[] args) throws UsageException {
            Optional<Path> file = Optional.empty();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    return new CommandLine(true, Optional.empty());
                } else if (arg.equals("--config") && i + 1 < args.length) {
                    file = Optional.of(path(args[++i]));
                } else if (arg.startsWith("--config=")) {
                    file = Optional.of(path(arg.substring("--config=".length())));
                } else if (arg.equals("--config")) {
                    throw new UsageException("--config needs a file name");
                } else {
                    throw new UsageException("Unknown argument: " + arg);
                }
            }
            return new CommandLine(false, file);
        }

        private static Path path(String name) throws UsageException {
            try {
                if (name.isBlank()) {
                    throw new UsageException("--config needs a file name");
                }
                return Path.of(name);
            } catch (java.nio.file.InvalidPathException e) {
                throw new UsageException("--config: not a valid file name: " + e.getMessage());
            }
        }
    }

    /** The command line itself is wrong. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
