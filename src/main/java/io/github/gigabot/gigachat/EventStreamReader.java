package io.github.gigabot.gigachat;

import java.io.IOException;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.chat.Completion;
import io.github.gigabot.chat.ModelException.Kind;
import io.github.gigabot.chat.TokenUsage;
import io.github.gigabot.gigachat.WireFormat.StreamChoice;
import io.github.gigabot.gigachat.WireFormat.StreamChunk;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a streamed answer: {@code data: {json}} events up to {@code data: [DONE]}, passing the text
 * so far on as it grows. Once some text has arrived, a broken stream is not an error: the user gets
 * what came.
 */
final class EventStreamReader {

    private static final Logger log = LoggerFactory.getLogger(GigaChatClient.class);

    private final ObjectMapper json;
    private final ApiErrors errors;

    EventStreamReader(ObjectMapper json, ApiErrors errors) {
        this.json = json;
        this.errors = errors;
    }

    Completion read(ResponseBody body, Consumer<String> progress) throws GigaChatException {
        StringBuilder text = new StringBuilder();
        String finishReason = null;
        TokenUsage usage = TokenUsage.NONE;
        try {
            BufferedSource source = body.source();
            for (String line = source.readUtf8Line(); line != null; line = source.readUtf8Line()) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                String data = line.substring("data:".length()).strip();
                if (data.equals("[DONE]")) {
                    return new Completion(text.toString(), finishReason == null ? "stop" : finishReason, usage);
                }
                StreamChunk chunk = json.readValue(data, StreamChunk.class);
                if (chunk != null && chunk.usage() != null) {
                    usage = WireFormat.Usage.of(chunk.usage()); // the last chunk carries it
                }
                StreamChoice choice = chunk == null || chunk.choices() == null || chunk.choices().isEmpty() ? null : chunk.choices().get(0);
                if (choice == null) {
                    continue;
                }
                if (choice.delta() != null && choice.delta().content() != null && !choice.delta().content().isEmpty()) {
                    text.append(choice.delta().content());
                    progress.accept(text.toString());
                }
                if (choice.finishReason() != null) {
                    finishReason = choice.finishReason();
                }
            }
            if (finishReason != null) {
                return new Completion(text.toString(), finishReason, usage); // [DONE] is only a formality.
            }
            return broken(text, "the stream ended without finishing", null);
        } catch (JsonProcessingException e) {
            return broken(text, "malformed event: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            return broken(text, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private Completion broken(StringBuilder text, String why, Exception cause) throws GigaChatException {
        if (text.length() == 0) {
            if (cause instanceof IOException && !(cause instanceof JsonProcessingException)) {
                throw errors.transport("chat/completions", (IOException) cause);
            }
            throw new GigaChatException(Kind.BAD_ANSWER, "GigaChat stream gave no text: " + why);
        }
        log.warn("GigaChat stream broke off after {} characters: {}", text.length(), why);
        return new Completion(text.toString(), Completion.INTERRUPTED);
    }
}
