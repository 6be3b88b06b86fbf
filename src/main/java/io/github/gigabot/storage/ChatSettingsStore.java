package io.github.gigabot.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.OptionalDouble;

import io.github.gigabot.chat.ChatSettings;
import io.github.gigabot.chat.StorageException;

/** {@link ChatSettings} in the database: one row per chat that changed a setting. */
public final class ChatSettingsStore implements ChatSettings {

    private final Database database;

    public ChatSettingsStore(Database database) {
        this.database = database;
    }

    @Override
    public OptionalDouble temperature(long chatId) throws StorageException {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT temperature FROM chat_settings WHERE chat_id = ?")) {
                select.setLong(1, chatId);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        double value = rs.getDouble(1);
                        return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value);
                    }
                    return OptionalDouble.empty();
                }
            }
        });
    }

    @Override
    public void setTemperature(long chatId, double temperature) throws StorageException {
        database.withConnection(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO chat_settings (chat_id, temperature) VALUES (?, ?) "
                            + "ON CONFLICT(chat_id) DO UPDATE SET temperature = excluded.temperature")) {
                upsert.setLong(1, chatId);
                upsert.setDouble(2, temperature);
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<String> model(long chatId) throws StorageException {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT model FROM chat_settings WHERE chat_id = ?")) {
                select.setLong(1, chatId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void setModel(long chatId, String model) throws StorageException {
        database.withConnection(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO chat_settings (chat_id, model) VALUES (?, ?) "
                            + "ON CONFLICT(chat_id) DO UPDATE SET model = excluded.model")) {
                upsert.setLong(1, chatId);
                upsert.setString(2, model);
                return upsert.executeUpdate();
            }
        });
    }
}
