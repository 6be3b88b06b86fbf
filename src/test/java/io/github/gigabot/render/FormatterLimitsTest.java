package io.github.gigabot.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The cuts at Telegram's limit, at and around each boundary, on a small limit so the cases are exact. */
class FormatterLimitsTest {

    private static final int LIMIT = 64;
    private final AnswerFormatter formatter = new AnswerFormatter(new MarkdownRenderer(), LIMIT);

    private static String code(List<String> parts) {
        StringBuilder code = new StringBuilder();
        for (String part : parts) {
            assertTrue(part.length() <= LIMIT, part.length() + ": " + part);
            assertTrue(part.startsWith("<pre><code>") && part.endsWith("</code></pre>"), part);
            code.append(TelegramHtml.toPlainText(part)).append('|');
        }
        return code.toString();
    }

    @Test
    void theLimitMustLeaveRoomForMarkup() {
        assertThrows(IllegalArgumentException.class, () -> new AnswerFormatter(new MarkdownRenderer(), LIMIT - 1));
        assertEquals(List.of("x"), new AnswerFormatter(new MarkdownRenderer(), LIMIT).format("x", null));
    }

    @Test
    void aBlockOfExactlyTheLimitStaysWholeAndOneMoreIsCut() {
        String exact = "a".repeat(LIMIT);
        assertEquals(List.of(exact), formatter.format(exact, null));
        List<String> cut = formatter.format(exact + "b", null);
        assertEquals(2, cut.size());
        assertEquals(exact + "b", String.join("", cut));
    }

    @Test
    void blocksShareAMessageWhileTheyFitWithTheirSeparator() {
        String half = "b".repeat((LIMIT - 2) / 2);
        assertEquals(List.of(half + "\n\n" + half), formatter.format(half + "\n\n" + half, null), "exactly the limit");
        assertEquals(List.of(half + "c", half), formatter.format(half + "c\n\n" + half, null), "one over");
    }

    @Test
    void aLongNoteIsCutIntoItalicParts() {
        List<String> parts = formatter.format("Ответ.", "примечание ".repeat(12).strip());
        assertTrue(parts.size() >= 3, parts.toString());
        assertEquals("Ответ.", parts.get(0).substring(0, 6));
        for (String part : parts.subList(1, parts.size())) {
            assertTrue(part.length() <= LIMIT, part);
        }
        assertTrue(parts.get(parts.size() - 1).endsWith("</i>"), parts.toString());
    }

    @Test
    void codeLinesArePackedUpToTheBudgetAndNoFurther() {
        int budget = LIMIT - "<pre><code></code></pre>".length(); // 40
        String line = "x".repeat(19);
        // Two lines and their newline: 39, fits; a third does not.
        assertEquals(line + "\n" + line + "|" + line + "|", code(formatter.format("```\n" + line + "\n" + line + "\n" + line + "\n```", null)));
        String exact = "y".repeat(budget - 20);
        assertEquals(line + "\n" + exact + "|", code(formatter.format("```\n" + line + "\n" + exact + "\n```", null)), "exactly the budget");
    }

    @Test
    void aCodeLineLongerThanTheBudgetIsCutInsideAndGetsPiecesOfItsOwn() {
        String shortLine = "ok";
        String longLine = "<".repeat(30); // 120 once escaped: cut into budget / 5 = 8 characters
        String result = code(formatter.format("```\n" + shortLine + "\n" + longLine + "\nend\n```", null));
        assertEquals("ok|<<<<<<<<|<<<<<<<<|<<<<<<<<|<<<<<<|end|", result);
    }

    @Test
    void aCutCodeLineNeverSplitsAnEmoji() {
        String emoji = "😀".repeat(40); // 80 UTF-16 units, no escaping
        String result = code(formatter.format("```\n" + emoji + "\n```", null));
        assertEquals(emoji, result.replace("|", ""));
        for (String piece : result.split("\\|")) {
            assertTrue(piece.isEmpty() || !Character.isHighSurrogate(piece.charAt(piece.length() - 1)), piece);
        }
    }

    @Test
    void escapingThatOutgrowsTheLimitIsCutFiner() {
        String ampersands = "&".repeat(60); // 300 once escaped
        List<String> parts = formatter.format(ampersands, null);
        assertEquals(ampersands, String.join("", parts.stream().map(TelegramHtml::toPlainText).toList()));
        assertTrue(parts.stream().allMatch(part -> part.length() <= LIMIT), parts.toString());
    }

    @Test
    void deepStructureFlattensWithEveryKindOfText() {
        String deep = "> ".repeat(6) + "- ".repeat(6) + "`код` <span>html</span> слово  \nпосле переноса";
        String text = TelegramHtml.toPlainText(String.join("\n", new AnswerFormatter(new MarkdownRenderer(), 4096).format(deep, null)));
        assertTrue(text.contains("код"), text);
        assertTrue(text.contains("<span>html</span>"), text);
        assertTrue(text.contains("слово\nпосле переноса"), text);

        String blocks = "> ".repeat(6) + "- ".repeat(6) + "текст\n" + "> ".repeat(6) + "  ".repeat(6) + "\n"
                + "> ".repeat(6) + "  ".repeat(6) + "```\n" + "> ".repeat(6) + "  ".repeat(6) + "fenced()\n"
                + "> ".repeat(6) + "  ".repeat(6) + "```\n";
        String flattened = TelegramHtml.toPlainText(String.join("\n", new AnswerFormatter(new MarkdownRenderer(), 4096).format(blocks, null)));
        assertTrue(flattened.contains("текст") && flattened.contains("fenced()"), flattened);
    }
}
