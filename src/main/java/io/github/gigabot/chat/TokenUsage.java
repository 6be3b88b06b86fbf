package io.github.gigabot.chat;

/**
 * The tokens one answer cost, as GigaChat counts them ({@code usage}).
 *
 * @param prompt     tokens of the request: system prompt, history and question
 * @param completion tokens of the answer
 * @param total      what the key is charged; GigaChat's own sum
 */
public record TokenUsage(long prompt, long completion, long total) {

    /** No tokens: an answer whose usage GigaChat did not report (a stream cut short). */
    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    public TokenUsage {
        if (prompt < 0 || completion < 0 || total < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }
}
