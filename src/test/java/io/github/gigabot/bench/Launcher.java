package io.github.gigabot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How each contestant is started against its stand-ins: the real bot from its shaded jar,
 * configured by environment variables as in a container, or the {@link FloorBot} from the test
 * classpath. Both with default JVM settings (no -Xmx), each in a fresh working directory.
 */
final class Launcher {

    private final BenchSettings settings;

    Launcher(BenchSettings settings) {
        this.settings = settings;
    }

    /**
     * The real bot.
     *
     * @param extra environment on top of the common settings (concurrency, send rate)
     */
    ChildJvm bot(String name, StandInTelegram telegram, StandInGigaChat gigachat, Map<String, String> extra,
                 List<String> jvmOptions) throws IOException {
        Path workDir = Files.createTempDirectory("bench-" + name + "-");
        Map<String, String> env = new HashMap<>();
        env.put("TELEGRAM_BOT_TOKEN", StandInTelegram.TOKEN);
        env.put("TELEGRAM_API_URL", telegram.url());
        env.put("GIGACHAT_AUTH_KEY", StandInGigaChat.AUTH_KEY);
        env.put("GIGACHAT_AUTH_URL", gigachat.authUrl());
        env.put("GIGACHAT_API_URL", gigachat.apiUrl());
        env.put("BOT_DATA_DIR", workDir.resolve("data").toString());
        env.put("BOT_STREAMING", "true");
        env.put("BOT_RATE_LIMIT", "0"); // every chat asks once, but the per-user limit must never be what is measured
        env.putAll(extra);
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", settings.jar().toString()));
        return ChildJvm.start(name, command, env, workDir, settings.outDir().resolve(name + ".log"));
    }

    /** The floor bot with {@code concurrency} workers. */
    ChildJvm floor(String name, StandInTelegram telegram, StandInGigaChat gigachat, int concurrency,
                   List<String> jvmOptions) throws IOException {
        Path workDir = Files.createTempDirectory("bench-" + name + "-");
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FloorBot.class.getName(),
                "api-url=" + telegram.url(), "token=" + StandInTelegram.TOKEN, "auth-url=" + gigachat.authUrl(),
                "gigachat-url=" + gigachat.apiUrl(), "auth-key=" + StandInGigaChat.AUTH_KEY, "concurrency=" + concurrency));
        return ChildJvm.start(name, command, Map.of(), workDir, settings.outDir().resolve(name + ".log"));
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }
}
