package io.github.gigabot.gigachat;

/**
 * A language model that completes a conversation. The production implementation speaks to GigaChat;
 * tests of the chat logic can pass a lambda.
 */
@FunctionalInterface
public interface ChatModel {

    /**
     * Asks the model for the next assistant message. Blocks until the answer arrives or the call's
     * time budget runs out.
     *
     * @throws GigaChatException with the kind of failure; never any other checked exception
     */
    Completion complete(CompletionRequest request) throws GigaChatException;
}
