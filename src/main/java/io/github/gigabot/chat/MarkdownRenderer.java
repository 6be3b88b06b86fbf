package io.github.gigabot.chat;

import java.util.ArrayList;
import java.util.List;
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

    private final Parser parser = Parser.builder()
            .extensions(List.of(TablesExtension.create(), StrikethroughExtension.create()))
            .build();

    /** The answer's top-level blocks, in order. */
    public List<Block> render(String markdown) {
        List<Block> blocks = new ArrayList<>();
        Node document = parser.parse(markdown);
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            Block block = block(node);
            if (!block.html().isBlank()) {
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
        return new Block(blockHtml(node, 0), null, null);
    }

    private String blockHtml(Node node, int depth) {
        if (node instanceof Paragraph) {
            return inlines(node);
        }
        if (node instanceof Heading) {
            return "<b>" + inlines(node) + "</b>";
        }
        if (node instanceof BlockQuote) {
            return "<blockquote>" + children(node, depth) + "</blockquote>";
        }
        if (node instanceof ListBlock) {
            return list((ListBlock) node, depth);
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
        return children(node, depth);
    }

    /** Child blocks, one per line group. */
    private String children(Node parent, int depth) {
        List<String> parts = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            parts.add(blockHtml(child, depth));
        }
        return String.join("\n", parts);
    }

    private String list(ListBlock list, int depth) {
        List<String> lines = new ArrayList<>();
        int number = list instanceof OrderedList && ((OrderedList) list).getMarkerStartNumber() != null
                ? ((OrderedList) list).getMarkerStartNumber() : 1;
        String indent = "  ".repeat(depth);
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            String marker = list instanceof OrderedList ? (number++) + ". " : "• ";
            List<String> parts = new ArrayList<>();
            for (Node child = item.getFirstChild(); child != null; child = child.getNext()) {
                parts.add(child instanceof ListBlock ? list((ListBlock) child, depth + 1) : blockHtml(child, depth + 1));
            }
            if (item instanceof ListItem) {
                lines.add(indent + marker + String.join("\n", parts));
            }
        }
        return String.join("\n", lines);
    }

    private String inlines(Node parent) {
        StringBuilder out = new StringBuilder();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
            inline(node, out);
        }
        return out.toString();
    }

    private void inline(Node node, StringBuilder out) {
        if (node instanceof Text) {
            out.append(TelegramHtml.escape(((Text) node).getLiteral()));
        } else if (node instanceof StrongEmphasis) {
            out.append("<b>").append(inlines(node)).append("</b>");
        } else if (node instanceof Emphasis) {
            out.append("<i>").append(inlines(node)).append("</i>");
        } else if (node instanceof Strikethrough) {
            out.append("<s>").append(inlines(node)).append("</s>");
        } else if (node instanceof Code) {
            out.append("<code>").append(TelegramHtml.escape(((Code) node).getLiteral())).append("</code>");
        } else if (node instanceof Link) {
            link(((Link) node).getDestination(), inlines(node), out);
        } else if (node instanceof Image) {
            String alt = inlines(node);
            link(((Image) node).getDestination(), alt.isEmpty() ? "🖼" : alt, out);
        } else if (node instanceof SoftLineBreak || node instanceof HardLineBreak) {
            out.append('\n');
        } else if (node instanceof HtmlInline) {
            out.append(TelegramHtml.escape(((HtmlInline) node).getLiteral()));
        } else {
            out.append(inlines(node));
        }
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
                        cells.add(TelegramHtml.toPlainText(inlines(cell)));
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
