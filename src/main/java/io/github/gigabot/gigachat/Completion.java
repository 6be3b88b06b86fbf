package io.github.gigabot.gigachat;

/**
 * The model's answer.
 *
 * @param content      {@code choices[0].message.content}
 * @param finishReason why generation stopped ({@code stop}, {@code length}, {@code blacklist}, ...);
 *                     a plain string because GigaChat adds new values
 */
public record Completion(String content, String finishReason) {

    /** True when the answer was cut by {@code max_tokens}. */
    public boolean truncated() {
        return "length".equals(finishReason);
    }
}
