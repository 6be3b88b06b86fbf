package io.github.gigabot.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Markdown from the model to Telegram HTML, and long answers cut into valid parts. */
class AnswerFormatterTest {

    private final AnswerFormatter formatter = new AnswerFormatter(new MarkdownRenderer(), 4096);

    private String one(String markdown) {
        List<String> parts = formatter.format(markdown, null);
        assertEquals(1, parts.size(), parts.toString());
        return parts.get(0);
    }

    /** The text of the recorded GigaChat stream, joined from its deltas. */
    static String recordedStreamText() throws IOException {
        ObjectMapper json = new ObjectMapper();
        StringBuilder text = new StringBuilder();
        try (InputStream in = AnswerFormatterTest.class.getResourceAsStream("/fixtures/gigachat/recorded_stream.200.sse")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("data:") && !line.contains("[DONE]")) {
                    JsonNode delta = json.readTree(line.substring(5)).path("choices").path(0).path("delta");
                    text.append(delta.path("content").asText(""));
                }
            }
        }
        return text.toString();
    }

    /** Tags open and close in order, only Telegram's tags are used, and text has no raw '<' or '&'. */
    static void assertValidTelegramHtml(String html) {
        Matcher tags = Pattern.compile("<(/?)([a-z-]+)([^>]*)>").matcher(html);
        Deque<String> open = new ArrayDeque<>();
        int last = 0;
        while (tags.find()) {
            assertNoRawMarkup(html.substring(last, tags.start()), html);
            String name = tags.group(2);
            assertTrue(List.of("b", "i", "s", "u", "code", "pre", "a", "blockquote").contains(name), "tag " + name + " in " + html);
            if (tags.group(1).isEmpty()) {
                open.push(name);
            } else {
                assertEquals(name, open.isEmpty() ? null : open.pop(), "closing order in " + html);
            }
            last = tags.end();
        }
        assertNoRawMarkup(html.substring(last), html);
        assertTrue(open.isEmpty(), "unclosed " + open + " in " + html);
    }

    private static void assertNoRawMarkup(String text, String html) {
        assertFalse(text.contains("<") || text.contains(">"), "raw angle bracket in " + html);
        assertFalse(Pattern.compile("&(?!amp;|lt;|gt;|quot;)").matcher(text).find(), "raw & in " + html);
    }

    @Test
    void recordedModelAnswer() throws IOException {
        String html = one(recordedStreamText());

        assertEquals("$1, 2, 3$\n\n<b>Подробный разбор:</b>\n\n• Начинаем счёт с единицы.\n"
                + "• Добавляем следующее число — двойку.\n• Заканчиваем счётом числом три.", html);
        assertValidTelegramHtml(html);
    }

    @Test
    void inlineFormatting() {
        assertEquals("<b>жирный</b>, <i>курсив</i>, <s>зачёркнутый</s>, <code>a &lt; b</code>",
                one("**жирный**, *курсив*, ~~зачёркнутый~~, `a < b`"));
    }

    @Test
    void codeBlockKeepsItsLanguageAndEscapes() {
        String html = one("Пример:\n\n```java\nif (a < b && c > d) {\n    x();\n}\n```");
        assertEquals("Пример:\n\n<pre><code class=\"language-java\">if (a &lt; b &amp;&amp; c &gt; d) {\n    x();\n}</code></pre>", html);
        assertValidTelegramHtml(html);
    }

    @Test
    void hostileLanguageNameIsDropped() {
        assertEquals("<pre><code>x</code></pre>", one("```\"><script>\nx\n```"));
    }

    @Test
    void linksAreKeptOnlyWhenSafe() {
        assertEquals("<a href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\">сайт</a>", one("[сайт](https://example.org/?a=1&b=\"2\")"));
        assertEquals("клик", one("[клик](javascript:alert(1))"));
        assertEquals("<a href=\"https://x.org/p.png\">схема</a>", one("![схема](https://x.org/p.png)"));
    }

    @Test
    void headingsListsQuotesAndRules() {
        String html = one("# Заголовок\n\n1. раз\n2. два\n   - вложенный\n\n> цитата\n\n---\n\nконец");
        assertEquals("<b>Заголовок</b>\n\n1. раз\n2. два\n  • вложенный\n\n<blockquote>цитата</blockquote>\n\n——————\n\nконец", html);
        assertValidTelegramHtml(html);
    }

    @Test
    void tablesBecomePreformattedText() {
        String html = one("| Город | Население |\n|---|---|\n| Москва | 13 млн |\n| Тула | 0,5 млн |");
        assertEquals("<pre>Город  | Население\n-------+----------\nМосква | 13 млн\nТула   | 0,5 млн</pre>", html);
    }

    @Test
    void htmlInTheAnswerIsShownNotInterpreted() {
        String html = one("<b>не жирный</b> & <a href=x>ссылка</a>\n\n<div>\nблок\n</div>");
        assertEquals("&lt;b&gt;не жирный&lt;/b&gt; &amp; &lt;a href=x&gt;ссылка&lt;/a&gt;\n\n&lt;div&gt;\nблок\n&lt;/div&gt;", html);
        assertValidTelegramHtml(html);
    }

    @Test
    void nestedAndMalformedMarkdownStaysValid() {
        for (String markdown : List.of("**жирный *и курсив* внутри**", "**не закрыт", "*a **b* c**", "```\nне закрытый блок",
                "[ссылка без конца](", "> > двойная\n> цитата\n> - со списком", "~~~\n~~~~", "\\*экранировано\\*", "<<<>>>&&&",
                "😀 **эмодзи 🚀** `код 🙂`", "- [ ] задача\n- [x] сделано", "$$\\frac{a}{b}$$", "")) {
            for (String part : formatter.format(markdown, null)) {
                assertValidTelegramHtml(part);
            }
        }
    }

    @Test
    void noteComesLastInItalics() {
        assertEquals(List.of("ответ\n\n<i>(обрезано &lt;тут&gt;)</i>"), formatter.format("ответ", "(обрезано <тут>)"));
    }

    @Test
    void longAnswerIsCutBetweenBlocks() {
        StringBuilder markdown = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            markdown.append("**Пункт ").append(i).append("**: ").append("текст ".repeat(40)).append("\n\n");
        }
        List<String> parts = formatter.format(markdown.toString(), null);

        assertTrue(parts.size() > 2, "several parts: " + parts.size());
        for (String part : parts) {
            assertTrue(part.length() <= 4096, "part of " + part.length());
            assertTrue(part.startsWith("<b>Пункт "), "cut between blocks: " + part.substring(0, 20));
            assertValidTelegramHtml(part);
        }
        assertEquals(40, String.join("", parts).split("<b>Пункт ").length - 1, "nothing lost");
    }

    @Test
    void codeBlockLongerThanAMessageIsClosedAndReopened() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            code.append("    print(\"строка ").append(i).append(" <&>\")\n");
        }
        List<String> parts = formatter.format("```python\n" + code + "```", null);

        assertTrue(parts.size() >= 3, "parts: " + parts.size());
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            assertTrue(part.length() <= 4096);
            assertTrue(part.startsWith("<pre><code class=\"language-python\">") && part.endsWith("</code></pre>"), part);
            assertValidTelegramHtml(part);
            joined.append(TelegramHtml.toPlainText(part)).append('\n');
        }
        assertEquals(code.toString(), joined.toString(), "every line kept, indentation included");
    }

    @Test
    void hugeParagraphIsCutAsText() {
        String markdown = "**начало** " + "слово&слово ".repeat(1500);
        List<String> parts = formatter.format(markdown, null);
        assertTrue(parts.size() >= 4);
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            assertTrue(part.length() <= 4096);
            assertValidTelegramHtml(part);
            text.append(TelegramHtml.toPlainText(part)).append(' ');
        }
        assertEquals(markdown.replace("**", "").replaceAll("\\s+", ""), text.toString().replaceAll("\\s+", ""));
    }

    @Test
    void plainTextFallbackShowsWhatTheReaderWouldSee() {
        assertEquals("a < b & \"c\" bold", TelegramHtml.toPlainText("a &lt; b &amp; &quot;c&quot; <b>bold</b>"));
    }
}
