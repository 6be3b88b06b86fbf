package io.github.gigabot.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

import io.github.gigabot.chat.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatSettingsStoreTest {

    @TempDir
    Path dir;

    @Test
    void unsetChatHasNoTemperature() throws Exception {
        try (Database db = Database.open(dir)) {
            assertEquals(OptionalDouble.empty(), new ChatSettingsStore(db).temperature(42));
        }
    }

    @Test
    void temperatureIsPerChatAndReplaced() throws Exception {
        try (Database db = Database.open(dir)) {
            ChatSettingsStore store = new ChatSettingsStore(db);
            store.setTemperature(1, 0.5);
            store.setTemperature(-1001234567890L, 1.7);
            store.setTemperature(1, 0.9);

            assertEquals(OptionalDouble.of(0.9), store.temperature(1));
            assertEquals(OptionalDouble.of(1.7), store.temperature(-1001234567890L));
            assertEquals(OptionalDouble.empty(), store.temperature(2));
        }
    }

    @Test
    void settingsSurviveReopening() throws Exception {
        try (Database db = Database.open(dir)) {
            new ChatSettingsStore(db).setTemperature(7, 1.25);
        }
        try (Database db = Database.open(dir)) {
            assertEquals(OptionalDouble.of(1.25), new ChatSettingsStore(db).temperature(7));
        }
    }

    @Test
    void createsMissingDataDirectory() throws Exception {
        Path nested = dir.resolve("a/b/c");
        try (Database db = Database.open(nested)) {
            assertTrue(Files.exists(nested.resolve(Database.FILE_NAME)));
        }
    }

    @Test
    void unusableDataDirectoryIsAClearError() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        StorageException e = assertThrows(StorageException.class, () -> Database.open(file));
        assertTrue(e.getMessage().contains("not-a-dir"), e.getMessage());
    }

    @Test
    void newerSchemaIsRefused() throws Exception {
        try (Database db = Database.open(dir)) {
            db.withConnection(c -> c.createStatement().execute("PRAGMA user_version = 99"));
        }
        StorageException e = assertThrows(StorageException.class, () -> Database.open(dir));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void modelAndTemperatureAreKeptApart() throws Exception {
        try (Database db = Database.open(dir)) {
            ChatSettingsStore store = new ChatSettingsStore(db);
            assertEquals(java.util.Optional.empty(), store.model(1));

            store.setTemperature(1, 0.5);
            assertEquals(java.util.Optional.empty(), store.model(1), "a chat with only a temperature has no model");
            store.setModel(1, "GigaChat-2-Max");
            store.setModel(2, "GigaChat-2-Pro");
            store.setModel(1, "GigaChat-2");
            store.setTemperature(1, 0.7);

            assertEquals(java.util.Optional.of("GigaChat-2"), store.model(1));
            assertEquals(OptionalDouble.of(0.7), store.temperature(1));
            assertEquals(java.util.Optional.of("GigaChat-2-Pro"), store.model(2));
            assertEquals(OptionalDouble.empty(), store.temperature(2));
        }
    }
}
