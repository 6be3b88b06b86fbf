package io.github.gigabot.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;

class UserTextsTest {

    private final UserTexts texts = new UserTexts();

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = UserTextsTest.class.getResourceAsStream("/" + name)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    @Test
    void bothLanguagesHaveTheSameKeys() throws IOException {
        Set<String> russian = load("messages.properties").stringPropertyNames();
        Set<String> english = load("messages_en.properties").stringPropertyNames();
        assertEquals(russian, english);
    }

    @Test
    void everyTextFormatsWithoutLeftoverPlaceholders() throws IOException {
        for (String key : load("messages.properties").stringPropertyNames()) {
            for (String language : new String[] {"ru", "en"}) {
                String text = texts.text(language, key, "GigaBot", "GigaChat", "7");
                assertFalse(text.isBlank(), key);
                assertFalse(text.contains("{") || text.contains("}"), language + " " + key + ": " + text);
            }
        }
    }

    @Test
    void everyFailureKindHasATextInBothLanguages() {
        for (ModelException.Kind kind : ModelException.Kind.values()) {
            String russian = texts.failure("ru", kind);
            String english = texts.failure("en", kind);
            assertTrue(russian.matches(".*[а-яА-Я].*"), kind + ": " + russian);
            assertNotEquals(russian, english, kind.toString());
        }
    }

    @Test
    void russianIsTheDefaultAndEnglishForEveryoneElse() {
        String russian = texts.text("ru", "unknown-command");
        assertEquals("Такой команды нет. Список команд — /help", russian);
        assertEquals(russian, texts.text(null, "unknown-command"));
        assertEquals(russian, texts.text("", "unknown-command"));
        assertEquals(russian, texts.text("ru-RU", "unknown-command"));
        assertEquals("There is no such command. See /help", texts.text("en", "unknown-command"));
        assertEquals("There is no such command. See /help", texts.text("de", "unknown-command"));
        assertEquals("There is no such command. See /help", texts.text("uk", "unknown-command"));
    }

    @Test
    void theJvmLocaleDoesNotLeakIn() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ENGLISH);
            assertTrue(new UserTexts().text("ru", "help", "b").startsWith("Что я умею"));
            Locale.setDefault(new Locale("ru"));
            assertTrue(new UserTexts().text("en", "help", "b").startsWith("What I can do"));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void apostrophesSurviveMessageFormat() {
        assertTrue(texts.failure("en", ModelException.Kind.KEY_REJECTED).contains("bot's owner"));
    }
}
