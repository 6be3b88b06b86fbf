package io.github.gigabot.gigachat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.gigabot.chat.TokenUsage;

/** The JSON shapes GigaChat sends and receives; unknown fields are ignored, GigaChat adds them often. */
final class WireFormat {

    private WireFormat() {
    }

    /** The seed's request: every field it sent, nothing more. */
    record CompletionBody(
            String model,
            List<Message> messages,
            double temperature,
            @JsonProperty("top_p") double topP,
            int n,
            boolean stream,
            @JsonProperty("max_tokens") int maxTokens,
            @JsonProperty("repetition_penalty") double repetitionPenalty,
            // "auto" lets the model call its built-in functions (text2image); absent, it only writes.
            @JsonProperty("function_call") @JsonInclude(JsonInclude.Include.NON_NULL) String functionCall) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Message(String role, String content,
                   @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> attachments) {
    }

    /** The answer to a file upload. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record UploadedFile(String id) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CompletionResponse(List<Choice> choices, JsonNode usage) {
    }

    /**
     * {@code usage}, read leniently: it only counts tokens, so nonsense there costs the count, never
     * the answer.
     */
    static final class Usage {

        private Usage() {
        }

        /** The counts, or {@link TokenUsage#NONE} when absent or nonsensical. */
        static TokenUsage of(JsonNode usage) {
            long total = count(usage, "total_tokens");
            if (total < 0) {
                return TokenUsage.NONE;
            }
            return new TokenUsage(Math.max(0, count(usage, "prompt_tokens")), Math.max(0, count(usage, "completion_tokens")), total);
        }

        /** A whole, non-negative count that fits a long, or -1. */
        private static long count(JsonNode usage, String field) {
            JsonNode value = usage == null ? null : usage.get(field);
            return value != null && value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= 0 ? value.asLong() : -1;
        }
    }

    /** One server-sent event of a streamed answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StreamChunk(List<StreamChoice> choices, JsonNode usage) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StreamChoice(Message delta, @JsonProperty("finish_reason") String finishReason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Choice(Message message, @JsonProperty("finish_reason") String finishReason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("expires_at") Long expiresAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelList(List<Model> data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Model(String id, String type) {
    }

    /** Both error shapes: the API's {@code status} and OAuth's {@code code}, each with a message. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorBody(Integer status, Integer code, String message) {
    }
}
