package io.github.gigabot.chat;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;


/**
 * Every text the bot shows users, from the {@code messages} resource bundles: Russian first (the base
 * bundle), English for users whose Telegram language is anything else.
 */
public final class UserTexts {

    private static final String BUNDLE = "messages";

    private final ResourceBundle russian;
    private final ResourceBundle english;

    public UserTexts() {
        // No fallback to the JVM's default locale: a server set to English must still speak Russian
        // to Russian speakers.
        ResourceBundle.Control control = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        this.russian = ResourceBundle.getBundle(BUNDLE, Locale.ROOT, control);
        this.english = ResourceBundle.getBundle(BUNDLE, Locale.ENGLISH, control);
    }

    /**
     * The text for {@code key} in the user's language, with {@code {0}}-style arguments filled in.
     *
     * @param languageCode Telegram's {@code language_code}; Russian when missing
     */
    public String text(String languageCode, String key, Object... args) {
        ResourceBundle bundle = speaksRussian(languageCode) ? russian : english;
        return new MessageFormat(bundle.getString(key), Locale.ROOT).format(args);
    }

    /** The text telling the user why the model did not answer. */
    public String failure(String languageCode, ModelException.Kind kind) {
        return text(languageCode, "error." + kind.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    private static boolean speaksRussian(String languageCode) {
        return languageCode == null || languageCode.isBlank() || languageCode.toLowerCase(Locale.ROOT).startsWith("ru");
    }
}
