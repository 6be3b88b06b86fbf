package io.github.gigabot.chat;

import java.util.Optional;
import java.util.OptionalDouble;

/** Per-chat settings that outlive a restart. A group's members share their chat's settings. */
public interface ChatSettings {

    /** The temperature set with {@code /temp} in this chat, or empty if it never was. */
    OptionalDouble temperature(long chatId) throws StorageException;

    /** Stores the chat's temperature, replacing any earlier value; the model stays. */
    void setTemperature(long chatId, double temperature) throws StorageException;

    /** The model chosen with {@code /model} in this chat, or empty if none was. */
    Optional<String> model(long chatId) throws StorageException;

    /** Stores the chat's model, replacing any earlier choice ({@code null}: none); the temperature stays. */
    void setModel(long chatId, String model) throws StorageException;
}
