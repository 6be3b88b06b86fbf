package io.github.gigabot.chat;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /model}: shows the chat's model and the ones the key may use, or sets the chat's model to
 * one of them. Whether the sender may change settings is the caller's to check.
 */
final class ModelCommand {

    private static final Logger log = LoggerFactory.getLogger(ModelCommand.class);
    /** What a model name can look like; anything else is not looked up. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private final ModelCatalog catalog;
    private final ChatSettings settings;
    private final String defaultModel;
    private final UserTexts texts;

    ModelCommand(ModelCatalog catalog, ChatSettings settings, String defaultModel, UserTexts texts) {
        this.catalog = catalog;
        this.settings = settings;
        this.defaultModel = defaultModel;
        this.texts = texts;
    }

    /** The chat's model; the default when none was chosen or the database cannot be read. */
    String modelOf(long chatId) {
        try {
            return settings.model(chatId).orElse(defaultModel);
        } catch (StorageException e) {
            log.error("Chat {}: model not read, using the default: {}", chatId, e.getMessage());
            return defaultModel;
        }
    }

    /**
     * Forgets the chat's choice of {@code model} when GigaChat no longer knows it.
     *
     * @return true when a choice was forgotten, so the default may be asked instead
     */
    boolean forgetUnknown(long chatId, String model) {
        if (model == null || model.equalsIgnoreCase(defaultModel)) {
            return false;
        }
        try {
            settings.setModel(chatId, null);
            log.warn("Chat {}: GigaChat does not know the chosen model {}; the chat is back on {}", chatId, model, defaultModel);
            return true;
        } catch (StorageException e) {
            log.error("Chat {}: unknown model {} not forgotten: {}", chatId, model, e.getMessage());
            return false;
        }
    }

    /** The text for {@code /model} with no argument. */
    String show(long chatId, String language) {
        Optional<List<String>> models = available(chatId);
        if (models.isEmpty()) {
            return texts.text(language, "model.current-only", modelOf(chatId)) + "\n\n" + texts.text(language, "model.list-failed");
        }
        return texts.text(language, "model.current", modelOf(chatId), bullets(models.get()));
    }

    /** The text for {@code /model NAME}: set, or refused with the list. */
    String set(long chatId, String language, String argument) {
        Optional<List<String>> models = available(chatId);
        if (models.isEmpty()) {
            return texts.text(language, "model.list-failed");
        }
        Optional<String> chosen = NAME.matcher(argument).matches()
                ? models.get().stream().filter(model -> model.equalsIgnoreCase(argument)).findFirst()
                : Optional.empty();
        if (chosen.isEmpty()) {
            return texts.text(language, "model.unknown", bullets(models.get()));
        }
        try {
            // The default is stored as no choice, so that a new gigachat.model applies here too.
            settings.setModel(chatId, chosen.get().equalsIgnoreCase(defaultModel) ? null : chosen.get());
        } catch (StorageException e) {
            log.error("Chat {}: model not saved: {}", chatId, e.getMessage());
            return texts.text(language, "error.internal");
        }
        log.info("Chat {}: model set to {}", chatId, chosen.get());
        return texts.text(language, "model.set", chosen.get());
    }

    private Optional<List<String>> available(long chatId) {
        try {
            List<String> models = catalog.chatModels();
            return models.isEmpty() ? Optional.empty() : Optional.of(models);
        } catch (ModelException e) {
            log.warn("Chat {}: model list not available: {}: {}", chatId, e.kind(), e.getMessage());
            return Optional.empty();
        }
    }

    private static String bullets(List<String> models) {
        return models.stream().map(model -> "• " + model).collect(Collectors.joining("\n"));
    }
}
