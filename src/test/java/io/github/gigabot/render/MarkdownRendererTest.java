package io.github.gigabot.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Hostile nesting in the model's answer (issue 8): rendered without exhausting the stack, within
 * Telegram's rules, and with the text the model wrote still there to read.
 */
class MarkdownRendererTest {

    private static final String WORD = "сердцевина";
    private static final int LIMIT = 4096;

    private final AnswerFormatter formatter = new AnswerFormatter(new MarkdownRenderer(), LIMIT);

    /** The answer's parts, each checked: fits a message, valid Telegram HTML, no nested quote or link. */
    private List<String> parts(String markdown) {
        List<String> parts = formatter.format(markdown, null);
        for (String part : parts) {
            assertTrue(part.length() <= LIMIT, "part of " + part.length());
            AnswerFormatterTest.assertValidTelegramHtml(part);
            assertNoSelfNesting(part, "blockquote");
            assertNoSelfNesting(part, "a");
        }
        return parts;
    }

    /** What the reader sees of all the parts, joined as if one message (a word cut between parts is whole again). */
    private String visible(String markdown) {
        return String.join("", parts(markdown).stream().map(TelegramHtml::toPlainText).toList());
    }

    /** Telegram rejects a quote inside a quote, and a link cannot hold another. */
    private static void assertNoSelfNesting(String html, String tag) {
        Matcher tags = Pattern.compile("<(/?)" + tag + "[ >]").matcher(html);
        int depth = 0;
        while (tags.find()) {
            depth += tags.group(1).isEmpty() ? 1 : -1;
            assertTrue(depth <= 1, "<" + tag + "> inside <" + tag + ">: " + html);
        }
    }

    private static int maxIndent(String text) {
        int max = 0;
        for (String line : text.split("\n")) {
            max = Math.max(max, line.length() - line.stripLeading().length());
        }
        return max;
    }

    // ---- quotes -------------------------------------------------------------------------------

    @Test
    void sixThousandQuoteMarksRenderToNothingVisible() {
        // Nothing to show: ChatService then sends the answer as the text it is.
        assertEquals(List.of(), parts(">".repeat(6000)));
    }

    @Test
    void theWordInsideSixThousandQuotesIsShownInOneQuote() {
        assertEquals(List.of("<blockquote>" + WORD + "</blockquote>"), parts(">".repeat(6000) + " " + WORD));
    }

    @Test
    void nestedQuotesBecomeOneQuoteWithTheirLinesInOrder() {
        assertEquals(List.of("<blockquote>первый\n<b>второй</b>\nтретий</blockquote>"),
                parts("> первый\n>> **второй**\n>>> третий"));
    }

    @Test
    void aStaircaseOfQuotesKeepsEveryLine() {
        StringBuilder markdown = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int level = 1; level <= 300; level++) {
            markdown.append(">".repeat(level)).append(" строка").append(level).append('\n');
            expected.append(level == 1 ? "" : "\n").append("строка").append(level);
        }
        List<String> parts = parts(markdown.toString());

        assertEquals(expected.toString(), TelegramHtml.toPlainText(String.join("\n", parts)));
        assertTrue(parts.get(0).startsWith("<blockquote>строка1\nстрока2\n"), parts.get(0));
    }

    // ---- lists --------------------------------------------------------------------------------

    @Test
    void sixThousandNestedListLevelsKeepTheWordAndFewLevels() {
        for (String marker : List.of("- ", "* ", "1. ", "+ ")) {
            List<String> parts = parts(marker.repeat(6000) + WORD);

            assertEquals(1, parts.size(), marker);
            assertTrue(parts.get(0).endsWith(WORD), parts.get(0));
            assertTrue(parts.get(0).length() < 200, "a few levels shown, not thousands: " + parts.get(0));
        }
    }

    @Test
    void aStaircaseOfListItemsKeepsEveryItemInOrderAndIndentsOnlyAFewLevels() {
        StringBuilder markdown = new StringBuilder();
        for (int level = 0; level < 60; level++) {
            markdown.append("  ".repeat(level)).append("- пункт").append(level).append('\n');
        }
        String text = visible(markdown.toString());

        int at = -1;
        for (int level = 0; level < 60; level++) {
            int next = text.indexOf("пункт" + level + (level < 59 ? "\n" : ""), at + 1);
            assertTrue(next > at, "пункт" + level + " in order in " + text);
            at = next;
        }
        assertTrue(maxIndent(text) <= 16, "indented " + maxIndent(text) + ": " + text);
    }

    @Test
    void listsWithinTheLimitRenderAsBefore() {
        assertEquals(List.of("• раз\n  • два\n    1. три\n      • <b>четыре</b>"),
                parts("- раз\n  - два\n    1. три\n       - **четыре**"));
    }

    // ---- inline -------------------------------------------------------------------------------

    @Test
    void tenThousandNestedEmphasesKeepTheWord() {
        for (String[] pair : List.of(new String[] {"**", "**"}, new String[] {"*_", "_*"}, new String[] {"_**", "**_"},
                new String[] {"*", "*"})) {
            String markdown = "до " + pair[0].repeat(10_000) + WORD + pair[1].repeat(10_000) + " после";
            String text = visible(markdown);

            assertTrue(text.contains(WORD), pair[0]);
            assertTrue(text.startsWith("до ") && text.endsWith(" после"), pair[0] + ": " + text.substring(0, Math.min(40, text.length())));
        }
    }

    @Test
    void deepButParseableEmphasisIsFlattenedNotLost() {
        String html = String.join("", parts("**".repeat(300) + WORD + "**".repeat(300)));

        assertEquals(WORD, TelegramHtml.toPlainText(html));
        assertTrue(html.split("<b>", -1).length - 1 <= 64, "a sane depth of tags: " + html.length());
    }

    @Test
    void tenThousandNestedLinksAndImagesKeepTheWord() {
        for (String markdown : List.of("[".repeat(10_000) + WORD + "](https://example.org)".repeat(10_000),
                "![".repeat(4_000) + WORD + "](https://example.org/p.png)".repeat(4_000),
                "[".repeat(10_000) + WORD, "*[".repeat(5_000) + WORD + "](https://example.org)*".repeat(5_000))) {
            assertTrue(visible(markdown).contains(WORD), markdown.substring(0, 10));
        }
    }

    @Test
    void anAnswerThatOverflowsCommonmarksParserIsShownAsItsText() {
        // commonmark merges text nodes recursively, so thousands of nested "**" can overflow inside
        // the parser itself; whether they do on a given stack depends on the JIT, so fail it here.
        String markdown = "**".repeat(3) + "<" + WORD + ">" + "**".repeat(3);
        MarkdownRenderer renderer = new MarkdownRenderer(text -> {
            throw new StackOverflowError();
        });

        assertEquals(List.of(new MarkdownRenderer.Block(TelegramHtml.escape(markdown), null, null)),
                renderer.render(markdown));
    }

    @Test
    void onAnyStackTenThousandNestedEmphasesStillShowTheirWord() throws InterruptedException {
        // On the small stack the parser gives out or not, depending on the JIT; on the large one it
        // parses: either way the word is shown and nothing escapes.
        String markdown = "**".repeat(10_000) + "<" + WORD + ">" + "**".repeat(10_000);
        for (long stack : new long[] {256 * 1024, 64 * 1024 * 1024}) {
            AtomicReference<Object> result = new AtomicReference<>();
            Thread thread = new Thread(null, () -> {
                try {
                    result.set(new MarkdownRenderer().render(markdown));
                } catch (Throwable e) {
                    result.set(e);
                }
            }, "stack-" + stack, stack);
            thread.start();
            thread.join();

            List<?> blocks = assertInstanceOf(List.class, result.get(), "stack " + stack);
            String text = blocks.stream().map(b -> TelegramHtml.toPlainText(((MarkdownRenderer.Block) b).html()))
                    .reduce("", String::concat);
            assertTrue(text.contains("<" + WORD + ">"), stack + ": " + text.substring(0, Math.min(80, text.length())));
        }
    }

    @Test
    void nestedImagesAreOneLinkWithTheirText() {
        assertEquals(List.of("<a href=\"https://x.org/a.png\">схема внутри</a>"),
                parts("![схема ![внутри](https://x.org/b.png)](https://x.org/a.png)"));
    }

    // ---- mixed --------------------------------------------------------------------------------

    @Test
    void mixedHostileNestingBetweenNormalParagraphs() {
        String hostile = "> - 1. ".repeat(2_000) + "**".repeat(500) + WORD + "**".repeat(500);
        List<String> parts = parts("**Начало** ответа.\n\n" + hostile + "\n\nКонец.");
        String text = String.join("\n", parts.stream().map(TelegramHtml::toPlainText).toList());

        assertTrue(parts.get(0).startsWith("<b>Начало</b> ответа.\n\n"), parts.get(0));
        assertTrue(text.contains(WORD), text);
        assertTrue(text.endsWith("Конец."), text);
    }

    @Test
    void aHugeNestedAnswerIsCutIntoMessagesThatFit() {
        StringBuilder markdown = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            markdown.append(">".repeat(40)).append(" - **строка ").append(i).append("** <&>\n");
        }
        List<String> parts = parts(markdown.toString());
        String text = String.join("\n", parts.stream().map(TelegramHtml::toPlainText).toList());

        assertTrue(parts.size() > 3, "parts: " + parts.size());
        for (int i = 0; i < 3_000; i += 499) {
            assertTrue(text.contains("строка " + i + " <&>"), "строка " + i);
        }
        assertFalse(text.contains("строка 3000"));
    }
}
