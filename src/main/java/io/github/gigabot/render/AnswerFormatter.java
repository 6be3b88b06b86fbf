package io.github.gigabot.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes Telegram messages of the model's Markdown answer: rendered to Telegram HTML, then packed into
 * parts of at most the limit, cut between blocks. A block too long for one message is cut too: a code
 * block is closed and reopened around the cut, so every part is valid HTML on its own; any other
 * block is cut as plain text (its formatting is lost, its text is not).
 */
public final class AnswerFormatter {

    private static final String BLOCK_SEPARATOR = "\n\n";

    private final MarkdownRenderer renderer;
    private final int limit;

    public AnswerFormatter(MarkdownRenderer renderer, int limit) {
        if (limit < 64) {
            throw new IllegalArgumentException("limit must leave room for markup");
        }
        this.renderer = renderer;
        this.limit = limit;
    }

    /**
     * The answer as HTML parts, in order.
     *
     * @param note plain text shown in italics after the answer (why it was cut, say), or null
     */
    public List<String> format(String markdown, String note) {
        List<String> pieces = new ArrayList<>();
        for (MarkdownRenderer.Block block : renderer.render(markdown)) {
            pieces.addAll(block.html().length() <= limit ? List.of(block.html()) : cut(block));
        }
        if (note != null) {
            pieces.addAll(fitText(note, limit - "<i></i>".length()).stream().map(text -> "<i>" + text + "</i>").toList());
        }
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String piece : pieces) {
            if (current.length() > 0 && current.length() + BLOCK_SEPARATOR.length() + piece.length() > limit) {
                parts.add(current.toString());
                current.setLength(0);
            }
            current.append(current.length() > 0 ? BLOCK_SEPARATOR : "").append(piece);
        }
        if (current.length() > 0) {
            parts.add(current.toString());
        }
        return parts;
    }

    private List<String> cut(MarkdownRenderer.Block block) {
        if (block.code() != null) {
            int wrapper = MarkdownRenderer.codeBlock("", block.codeLanguage()).length();
            return fitCode(block.code(), limit - wrapper).stream()
                    .map(code -> MarkdownRenderer.codeBlock(code, block.codeLanguage())).toList();
        }
        return fitText(TelegramHtml.toPlainText(block.html()), limit);
    }

    /** Escaped pieces of plain text, each at most {@code budget} long once escaped. */
    private static List<String> fitText(String text, int budget) {
        return fitText(text, budget, budget);
    }

    private static List<String> fitText(String text, int budget, int cutLength) {
        List<String> pieces = new ArrayList<>();
        for (String piece : new MessageSplitter(cutLength).split(text)) {
            String escaped = TelegramHtml.escape(piece);
            if (escaped.length() <= budget) {
                pieces.add(escaped);
            } else {
                // Escaping made it longer (many & or <): cut the raw text finer. Escaping at most
                // quintuples a text, so this ends by cutLength budget / 5.
                pieces.addAll(fitText(piece, budget, Math.max(2, cutLength / 2)));
            }
        }
        return pieces;
    }

    /**
     * Raw code cut at line ends, keeping indentation, so that each piece is at most {@code budget}
     * long once escaped; a single longer line is cut inside and gets pieces of its own.
     */
    private static List<String> fitCode(String code, int budget) {
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int currentLength = 0;
        boolean started = false;
        for (String line : code.split("\n", -1)) {
            int escaped = TelegramHtml.escape(line).length();
            if (escaped > budget) {
                if (started) {
                    pieces.add(current.toString());
                }
                pieces.addAll(chunks(line, budget));
                current.setLength(0);
                currentLength = 0;
                started = false;
                continue;
            }
            if (started && currentLength + 1 + escaped > budget) {
                pieces.add(current.toString());
                current.setLength(0);
                currentLength = 0;
                started = false;
            }
            if (started) {
                current.append('\n');
                currentLength++;
            }
            current.append(line);
            currentLength += escaped;
            started = true;
        }
        if (started) {
            pieces.add(current.toString());
        }
        return pieces;
    }

    /** A line cut into pieces that fit once escaped (worst case: every character escapes to 5). */
    private static List<String> chunks(String line, int budget) {
        if (TelegramHtml.escape(line).length() <= budget) {
            return List.of(line);
        }
        List<String> chunks = new ArrayList<>();
        int size = Math.max(1, budget / 5);
        for (int start = 0; start < line.length(); ) {
            int end = Math.min(line.length(), start + size);
            if (end < line.length() && Character.isHighSurrogate(line.charAt(end - 1))) {
                end--;
            }
            chunks.add(line.substring(start, end));
            start = end;
        }
        return chunks;
    }
}
