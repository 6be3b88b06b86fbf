package io.github.gigabot.chat;

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
     * @throws ModelException with the kind of failure; never any other checked exception
     */
    Completion complete(CompletionRequest request) throws ModelException;

    /**
     * Asks for the answer as it is generated: {@code progress} receives the text so far each time it
     * grows. A stream that breaks after some text arrived ends normally, with what arrived and
     * {@link Completion#interrupted()} true. Models that cannot stream answer all at once.
     */
    default Completion stream(CompletionRequest request, java.util.function.Consumer<String> progress) throws ModelException {
        Completion completion = complete(request);
        progress.accept(completion.content());
        return completion;
    }
}
