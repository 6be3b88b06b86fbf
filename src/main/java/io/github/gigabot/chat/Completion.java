package io.github.gigabot.chat;

/**
 * The model's answer.
 *
 * @param content      {@code choices[0].message.content}
 * @param finishReason why generation stopped ({@code stop}, {@code length}, {@code blacklist}, ...);
 *                     a plain string because GigaChat adds new values
 * @param usage        what the answer cost; {@link TokenUsage#NONE} when GigaChat did not say
 */
public record Completion(String content, String finishReason, TokenUsage usage) {

    /** An answer whose cost is not known. */
    public Completion(String content, String finishReason) {
        this(content, finishReason, TokenUsage.NONE);
    }

    /** The finish reason of a stream that broke before GigaChat finished; not one of GigaChat's own. */
    public static final String INTERRUPTED = "interrupted";

    /** True when the answer was cut by {@code max_tokens}. */
    public boolean truncated() {
        return "length".equals(finishReason);
    }

    /** True when a streamed answer broke off midway: the content is what arrived. */
    public boolean interrupted() {
        return INTERRUPTED.equals(finishReason);
    }
}
