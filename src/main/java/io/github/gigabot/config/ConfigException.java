package io.github.gigabot.config;

/**
 * A setting is missing or invalid. The message is one line that names the setting, its environment
 * variable and what is wrong, fit to show the person starting the bot as it is.
 */
public final class ConfigException extends Exception {

    private final String key;

    public ConfigException(String key, String problem) {
        super(key + " (" + ConfigSource.envName(key) + "): " + problem);
        this.key = key;
    }

    /** The property name, e.g. {@code gigachat.auth-key}. */
    public String key() {
        return key;
    }
}
