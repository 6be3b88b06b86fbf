package io.github.gigabot.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class MessageSplitterTest {

    private static String squeeze(String text) {
        return text.replaceAll("\\s+", "");
    }

    private static void assertWellFormed(List<String> parts, String original, int limit) {
        for (String part : parts) {
            assertFalse(part.isBlank(), "no empty parts");
            assertTrue(part.length() <= limit, "part of " + part.length());
            assertFalse(Character.isLowSurrogate(part.charAt(0)), "no broken surrogate pair at the start");
            assertFalse(Character.isHighSurrogate(part.charAt(part.length() - 1)), "no broken surrogate pair at the end");
        }
        assertEquals(squeeze(original), squeeze(String.join("", parts)), "nothing lost, order kept");
    }

    @Test
    void shortTextIsOnePart() {
        assertEquals(List.of("Привет!"), new MessageSplitter().split("  Привет!\n"));
        assertEquals(List.of(), new MessageSplitter().split("   "));
    }

    @Test
    void exactlyTheLimitIsOnePartAndOneMoreIsTwo() {
        String exact = "а".repeat(4096);
        assertEquals(List.of(exact), new MessageSplitter().split(exact));
        List<String> two = new MessageSplitter().split("а".repeat(4097));
        assertEquals(2, two.size());
        assertWellFormed(two, "а".repeat(4097), 4096);
    }

    @Test
    void prefersParagraphs() {
        String text = "one one one.\n\ntwo two two.\nthree";
        assertEquals(List.of("one one one.", "two two two.\nthree"), new MessageSplitter(25).split(text));
    }

    @Test
    void thenLines() {
        assertEquals(List.of("first line here", "second line"), new MessageSplitter(20).split("first line here\nsecond line"));
    }

    @Test
    void thenSentences() {
        assertEquals(List.of("Это первое. Второе!", "Третье предложение"),
                new MessageSplitter(30).split("Это первое. Второе! Третье предложение"));
    }

    @Test
    void thenWords() {
        assertEquals(List.of("alpha beta gamma", "delta"), new MessageSplitter(18).split("alpha beta gamma delta"));
    }

    @Test
    void noWhitespaceAtAllIsCutHard() {
        List<String> parts = new MessageSplitter(10).split("abcdefghijklmnopqrstuvwxyz");
        assertEquals(List.of("abcdefghij", "klmnopqrst", "uvwxyz"), parts);
    }

    @Test
    void neverSplitsAnEmoji() {
        String text = "😀".repeat(10); // 20 UTF-16 units
        List<String> parts = new MessageSplitter(5).split(text);
        assertWellFormed(parts, text, 5);
        assertEquals("😀😀", parts.get(0));
    }

    @Test
    void hundredThousandCharacters() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 100_000; i++) {
            text.append("Строка ").append(i).append(" с эмодзи 🚀 и текстом.").append(i % 7 == 0 ? "\n\n" : i % 3 == 0 ? "\n" : " ");
        }
        List<String> parts = new MessageSplitter().split(text.toString());
        assertWellFormed(parts, text.toString(), 4096);
        assertTrue(parts.size() >= 25 && parts.size() <= 30, "parts are reasonably full: " + parts.size());
    }

    @Test
    void earlyBreakDoesNotLeaveAStub() {
        String text = "Hi\n\n" + "word ".repeat(30);
        List<String> parts = new MessageSplitter(50).split(text);
        assertTrue(parts.get(0).length() > 25, "first part is not the two-letter stub: " + parts.get(0));
        assertWellFormed(parts, text, 50);
    }

    @Test
    void limitMustBeSane() {
        assertThrows(IllegalArgumentException.class, () -> new MessageSplitter(1));
    }
}
