package io.github.gigabot.render;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.Locale;
import java.util.regex.Pattern;

import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

/**
 * Turns the model's Markdown into the HTML subset Telegram accepts: bold, italic, strike, inline
 * code, code blocks with their language, links and quotes; headings become bold lines, lists bullet
 * lines, tables preformatted text. Everything else is shown as text, escaped, so no model output can
 * inject markup. The result is a list of top-level blocks, so that long answers can be cut between
 * them.
 *
 * <p>Nesting is the model's to choose, thousands of levels deep if it goes astray, so it is shown
 * only a few levels deep: quotes as one quote (Telegram does not nest them), lists and inline
 * formatting up to a bound, and anything deeper as its plain text, gathered without recursion.
 */
public final class MarkdownRenderer {

    /**
     * One top-level block of the answer.
     *
     * @param html         the block as Telegram HTML
     * @param code         for a code block, its raw text (so it can be cut and re-wrapped); else null
     * @param codeLanguage for a code block, its language or empty
     */
    public record Block(String html, String code, String codeLanguage) {
    }

    private static final Pattern SAFE_LANGUAGE = Pattern.compile("[A-Za-z0-9_+#.-]{1,30}");
    private static final Pattern SAFE_LINK = Pattern.compile("(?i)(https?|tg|mailto):.*");
    /** Quotes and lists inside each other, counted together, shown as such up to this depth. */
    private static final int MAX_BLOCK_NESTING = 4;
    /** Emphasis and links inside each other shown as such up to this depth. */
    private static final int MAX_INLINE_NESTING = 32;

    private final Function<String, Node> parser;

    /** A renderer with commonmark's parser, tables and strikethrough on. */
    public MarkdownRenderer() {
        this(Parser.builder()
                .extensions(List.of(TablesExtension.create(), StrikethroughExtension.create()))
                .build()::parse);
    }

    /** A renderer over the given parse; tests give one that fails as commonmark's can. */
    MarkdownRenderer(Function<String, Node> parser) {
        this.parser = parser;
    }

    /** The answer's top-level blocks, in order. */
    public List<Block> render(String markdown) {
        Node document;
        try {
            document = parser.apply(markdown);
        } catch (StackOverflowError e) {
            // commonmark merges text nodes recursively (InlineParserImpl.mergeChildTextNodes), so some
            // thousands of nested "**" overflow inside the parser itself. The parse builds only its
            // own objects, so nothing is left half-done: show the answer as the text it is.
            return List.of(new Block(TelegramHtml.escape(markdown), null, null));
        }
        List<Block> blocks = new ArrayList<>();
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            Block block = block(node);
            // An empty quote or code block alone would be a message Telegram refuses as empty.
            if (!TelegramHtml.toPlainText(block.html()).isBlank()) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    /** HTML for a code block with its language, as Telegram wants it. */
    public static String codeBlock(String code, String language) {
        String open = language.isEmpty() ? "<pre><code>" : "<pre><code class=\"language-" + language + "\">";
        return open + TelegramHtml.escape(code) + "</code></pre>";
    }

    private Block block(Node node) {
        if (node instanceof FencedCodeBlock) {
            FencedCodeBlock fenced = (FencedCodeBlock) node;
            String info = fenced.getInfo() == null ? "" : fenced.getInfo().strip().split("\\s+")[0];
            String language = SAFE_LANGUAGE.matcher(info).matches() ? info.toLowerCase(Locale.ROOT) : "";
            String code = stripFinalNewline(fenced.getLiteral());
            return new Block(codeBlock(code, language), code, language);
        }
        if (node instanceof IndentedCodeBlock) {
            String code = stripFinalNewline(((IndentedCodeBlock) node).getLiteral());
            return new Block(codeBlock(code, ""), code, "");
        }
        return new Block(blockHtml(node, 0, 0), null, null);
    }

    /**
     * @param indent how many lists this block is in
     * @param quotes how many quotes this block is in
     */
    private String blockHtml(Node node, int indent, int quotes) {
        if (node instanceof Paragraph) {
            return inlines(node, 0);
        }
        if (node instanceof Heading) {
            return "<b>" + inlines(node, 0) + "</b>";
        }
        if ((node instanceof BlockQuote || node instanceof ListBlock) && indent + quotes >= MAX_BLOCK_NESTING) {
            return plainText(node);
        }
        if (node instanceof BlockQuote) {
            String content = children(node, indent, quotes + 1);
            return quotes == 0 ? "<blockquote>" + content + "</blockquote>" : content;
        }
        if (node instanceof ListBlock) {
            return list((ListBlock) node, indent, quotes);
        }
        if (node instanceof ThematicBreak) {
            return "——————";
        }
        if (node instanceof TableBlock) {
            return "<pre>" + TelegramHtml.escape(table((TableBlock) node)) + "</pre>";
        }
        if (node instanceof FencedCodeBlock || node instanceof IndentedCodeBlock) {
            return block(node).html();
        }
        if (node instanceof HtmlBlock) {
            return TelegramHtml.escape(stripFinalNewline(((HtmlBlock) node).getLiteral()));
        }
        return plainText(node);
    }

    /** Child blocks, one per line group; those with nothing to show leave no empty line. */
    private String children(Node parent, int indent, int quotes) {
        List<String> parts = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            String html = blockHtml(child, indent, quotes);
            if (!html.isEmpty()) {
                parts.add(html);
            }
        }
        return String.join("\n", parts);
    }

    private String list(ListBlock list, int indent, int quotes) {
        List<String> lines = new ArrayList<>();
        int number = list instanceof OrderedList && ((OrderedList) list).getMarkerStartNumber() != null
                ? ((OrderedList) list).getMarkerStartNumber() : 1;
        String padding = "  ".repeat(indent);
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            String marker = list instanceof OrderedList ? (number++) + ". " : "• ";
            List<String> parts = new ArrayList<>();
            for (Node child = item.getFirstChild(); child != null; child = child.getNext()) {
                parts.add(blockHtml(child, indent + 1, quotes));
            }
            if (item instanceof ListItem) {
                lines.add(padding + marker + String.join("\n", parts));
            }
        }
        return String.join("\n", lines);
    }

    /** @param depth how many inline nodes the children are in */
    private String inlines(Node parent, int depth) {
        StringBuilder out = new StringBuilder();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
            inline(node, depth, out);
        }
        return out.toString();
    }

    private void inline(Node node, int depth, StringBuilder out) {
        if (depth >= MAX_INLINE_NESTING) {
            out.append(plainText(node));
        } else if (node instanceof Text) {
            out.append(TelegramHtml.escape(((Text) node).getLiteral()));
        } else if (node instanceof StrongEmphasis) {
            out.append("<b>").append(inlines(node, depth + 1)).append("</b>");
        } else if (node instanceof Emphasis) {
            out.append("<i>").append(inlines(node, depth + 1)).append("</i>");
        } else if (node instanceof Strikethrough) {
            out.append("<s>").append(inlines(node, depth + 1)).append("</s>");
        } else if (node instanceof Code) {
            out.append("<code>").append(TelegramHtml.escape(((Code) node).getLiteral())).append("</code>");
        } else if (node instanceof Link) {
            link(((Link) node).getDestination(), inlines(node, depth + 1), out);
        } else if (node instanceof Image) {
            // Alt text is plain, as in HTML: an image inside it must not become a link inside a link.
            String alt = plainText(node);
            link(((Image) node).getDestination(), alt.isEmpty() ? "🖼" : alt, out);
        } else if (node instanceof SoftLineBreak || node instanceof HardLineBreak) {
            out.append('\n');
        } else if (node instanceof HtmlInline) {
            out.append(TelegramHtml.escape(((HtmlInline) node).getLiteral()));
        } else {
            out.append(inlines(node, depth + 1));
        }
    }

    /**
     * What a reader would make of a subtree without its structure, escaped: its text, each block on
     * a line of its own. The tree is walked by its links, not by recursion, as its depth is unbounded.
     */
    private static String plainText(Node root) {
        StringBuilder text = new StringBuilder();
        Node node = root;
        while (node != null) {
            boolean line = node instanceof org.commonmark.node.Block || node instanceof TableRow;
            if (line && text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            } else if (node instanceof TableCell && node.getPrevious() != null) {
                text.append(" | ");
            }
            text.append(literal(node));
            Node next = node.getFirstChild();
            for (Node up = node; next == null && up != root; up = up.getParent()) {
                next = up.getNext();
            }
            node = next;
        }
        return TelegramHtml.escape(text.toString());
    }

    private static String literal(Node node) {
        if (node instanceof Text text) {
            return text.getLiteral();
        }
        if (node instanceof Code code) {
            return code.getLiteral();
        }
        if (node instanceof HtmlInline html) {
            return html.getLiteral();
        }
        if (node instanceof SoftLineBreak || node instanceof HardLineBreak) {
            return "\n";
        }
        if (node instanceof FencedCodeBlock code) {
            return stripFinalNewline(code.getLiteral());
        }
        if (node instanceof IndentedCodeBlock code) {
            return stripFinalNewline(code.getLiteral());
        }
        if (node instanceof HtmlBlock html) {
            return stripFinalNewline(html.getLiteral());
        }
        return "";
    }

    /** A link Telegram can open; anything else (javascript:, relative paths) shows as its text only. */
    private static void link(String destination, String textHtml, StringBuilder out) {
        if (destination != null && SAFE_LINK.matcher(destination).matches()) {
            out.append("<a href=\"").append(TelegramHtml.escapeAttribute(destination)).append("\">")
                    .append(textHtml.isEmpty() ? TelegramHtml.escape(destination) : textHtml).append("</a>");
        } else {
            out.append(textHtml);
        }
    }

    /** A table as aligned monospace text: Telegram has no tables. */
    private String table(TableBlock table) {
        List<List<String>> rows = new ArrayList<>();
        collectRows(table, rows);
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).codePointCount(0, row.get(c).length()));
            }
        }
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                line.append(c == 0 ? "" : " | ").append(cell)
                        .append(" ".repeat(widths[c] - cell.codePointCount(0, cell.length())));
            }
            lines.add(line.toString().stripTrailing());
            if (r == 0 && rows.size() > 1) {
                StringBuilder rule = new StringBuilder();
                for (int c = 0; c < columns; c++) {
                    rule.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
                }
                lines.add(rule.toString());
            }
        }
        return String.join("\n", lines);
    }

    private void collectRows(Node node, List<List<String>> rows) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof TableRow) {
                List<String> cells = new ArrayList<>();
                for (Node cell = child.getFirstChild(); cell != null; cell = cell.getNext()) {
                    if (cell instanceof TableCell) {
                        cells.add(TelegramHtml.toPlainText(inlines(cell, 0)));
                    }
                }
                rows.add(cells);
            } else {
                collectRows(child, rows);
            }
        }
    }

    private static String stripFinalNewline(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
