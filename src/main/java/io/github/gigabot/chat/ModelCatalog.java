package io.github.gigabot.chat;

import java.util.List;

/** The chat models the key may use, for {@code /model}. */
@FunctionalInterface
public interface ModelCatalog {

    /** Model names as GigaChat spells them, in GigaChat's order. */
    List<String> chatModels() throws ModelException;
}
