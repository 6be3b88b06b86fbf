package io.github.gigabot.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a long answer into messages Telegram accepts, at the most natural place that fits: between
 * paragraphs, then lines, then sentences, then words, and only as a last resort mid-word (never
 * inside a surrogate pair, so an emoji is never broken). Only whitespace at the cuts is dropped.
 */
public final class MessageSplitter {

    private static final String[] SENTENCE_ENDS = {". ", "! ", "? ", "… ", ".\n", "!\n", "?\n"};

    /** Telegram's limit for one message's text, in UTF-16 units. */
    public static final int TELEGRAM_LIMIT = 4096;

    private final int limit;

    /** Splits at Telegram's limit of {@link #TELEGRAM_LIMIT} characters. */
    public MessageSplitter() {
        this(TELEGRAM_LIMIT);
    }

    /** @param limit the longest part, in UTF-16 units; at least 2 */
    public MessageSplitter(int limit) {
        if (limit < 2) {
            throw new IllegalArgumentException("limit must be at least 2");
        }
        this.limit = limit;
    }

    /** The parts, in order; none empty, none longer than the limit; empty for a blank text. */
    public List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        String rest = text.strip();
        while (rest.length() > limit) {
            int cut = cutPoint(rest);
            parts.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }

    /**
     * Where to cut a text longer than the limit. A break is only taken if it keeps at least half a
     * message, so that a stray early paragraph break does not produce a stub.
     */
    private int cutPoint(String text) {
        String window = text.substring(0, limit + 1);
        int minimum = limit / 2;
        int paragraph = window.lastIndexOf("\n\n");
        if (paragraph >= minimum) {
            return paragraph;
        }
        int line = window.lastIndexOf('\n');
        if (line >= minimum) {
            return line;
        }
        int sentence = -1;
        for (String end : SENTENCE_ENDS) {
            // +1 keeps the punctuation with its sentence.
            int at = window.lastIndexOf(end, limit - 1);
            sentence = Math.max(sentence, at < 0 ? -1 : at + 1);
        }
        if (sentence >= minimum) {
            return sentence;
        }
        for (int i = limit; i >= minimum; i--) {
            if (Character.isWhitespace(window.charAt(i))) {
                return i;
            }
        }
        return Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
    }
}
