package io.github.gigabot.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where raw setting values come from: the environment beats the file. Blank values count as unset,
 * because container tooling often passes empty variables for settings the user left out.
 */
final class ConfigSource {

    private final Map<String, String> env;
    private final Properties file;

    ConfigSource(Map<String, String> env, Properties file) {
        this.env = Map.copyOf(env);
        this.file = file;
    }

    /** {@code gigachat.auth-key} -> {@code GIGACHAT_AUTH_KEY}. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    Optional<String> get(String key) {
        String fromEnv = env.get(envName(key));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv.strip());
        }
        String fromFile = file.getProperty(key);
        if (fromFile != null && !fromFile.isBlank()) {
            return Optional.of(fromFile.strip());
        }
        return Optional.empty();
    }

    /** Keys in the file that the bot does not know: most likely typos worth a warning. */
    Set<String> unknownFileKeys(Set<String> known) {
        Set<String> unknown = new TreeSet<>(file.stringPropertyNames());
        unknown.removeAll(known);
        return unknown;
    }
}
