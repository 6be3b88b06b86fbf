package io.github.gigabot.gigachat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

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
    record CompletionResponse(List<Choice> choices, Usage usage) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(@JsonProperty("prompt_tokens") Long promptTokens, @JsonProperty("completion_tokens") Long completionTokens,
                 @JsonProperty("total_tokens") Long totalTokens) {

        /** The counts, or {@link TokenUsage#NONE} when absent or nonsensical. */
        static TokenUsage of(Usage usage) {
            if (usage == null || usage.totalTokens() == null || usage.totalTokens() < 0) {
                return TokenUsage.NONE;
            }
            long prompt = usage.promptTokens() == null ? 0 : Math.max(0, usage.promptTokens());
            long completion = usage.completionTokens() == null ? 0 : Math.max(0, usage.completionTokens());
            return new TokenUsage(prompt, completion, usage.totalTokens());
        }
    }

    /** One server-sent event of a streamed answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StreamChunk(List<StreamChoice> choices, Usage usage) {
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
