package io.github.gigabot.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class AddressingTest {

    private final Addressing addressing = new Addressing("GigaBot");

    private static IncomingMessage group(String text, List<TextEntity> entities, boolean replyToBot) {
        return new IncomingMessage(1, -100, ChatType.GROUP, null, 5, 7, "ru", text, entities, replyToBot);
    }

    private static IncomingMessage privateMessage(String text) {
        return new IncomingMessage(1, 7, ChatType.PRIVATE, null, 5, 7, "ru", text, List.of(), false);
    }

    private static TextEntity mention(String text, String mention) {
        return new TextEntity("mention", text.indexOf(mention), mention.length());
    }

    @Test
    void everyPrivateMessageIsAPrompt() {
        assertEquals(Address.prompt("Привет"), addressing.address(privateMessage("  Привет \n")));
        assertEquals(Address.notForBot(), addressing.address(privateMessage("   ")));
        assertEquals(Address.notForBot(), addressing.address(privateMessage("")));
    }

    @Test
    void groupChatterIsNotForTheBot() {
        assertEquals(Address.notForBot(), addressing.address(group("просто болтаем про @GigaBot", List.of(), false)));
    }

    @Test
    void mentionAtTheStartIsCutWithItsComma() {
        String text = "@GigaBot, как дела?";
        assertEquals(Address.prompt("как дела?"), addressing.address(group(text, List.of(mention(text, "@GigaBot")), false)));
    }

    @Test
    void mentionInTheMiddleAfterEmojiIsCutByUtf16Offsets() {
        String text = "👍🏽 скажи, @gigabot, сколько будет 2+2?";
        assertEquals(Address.prompt("👍🏽 скажи, , сколько будет 2+2?"),
                addressing.address(group(text, List.of(mention(text, "@gigabot")), false)));
        String simple = "👨‍👩‍👧 @GIGABOT привет";
        assertEquals(Address.prompt("👨‍👩‍👧 привет"), addressing.address(group(simple, List.of(mention(simple, "@GIGABOT")), false)));
    }

    @Test
    void mentionAtTheEnd() {
        String text = "Переведи на английский: кошка @GigaBot";
        assertEquals(Address.prompt("Переведи на английский: кошка"),
                addressing.address(group(text, List.of(mention(text, "@GigaBot")), false)));
    }

    @Test
    void twoMentionsAreBothCut() {
        String text = "@GigaBot привет @GigaBot";
        List<TextEntity> entities = List.of(new TextEntity("mention", 0, 8), new TextEntity("mention", 16, 8));
        assertEquals(Address.prompt("привет"), addressing.address(group(text, entities, false)));
    }

    @Test
    void mentionOfAnotherBotDoesNotCount() {
        String text = "@OtherBot привет";
        assertEquals(Address.notForBot(), addressing.address(group(text, List.of(mention(text, "@OtherBot")), false)));
        String longer = "@GigaBotX привет";
        assertEquals(Address.notForBot(), addressing.address(group(longer, List.of(mention(longer, "@GigaBotX")), false)));
    }

    @Test
    void bareMentionAsksForAHint() {
        String text = "  @GigaBot ";
        assertEquals(Address.bareMention(), addressing.address(group(text, List.of(mention(text, "@GigaBot")), false)));
    }

    @Test
    void replyToTheBotIsAPrompt() {
        assertEquals(Address.prompt("а почему?"), addressing.address(group("а почему?", List.of(), true)));
        assertEquals(Address.notForBot(), addressing.address(group("  ", List.of(), true)));
    }

    @Test
    void hostileEntitiesAreIgnored() {
        String text = "@GigaBot привет";
        List<TextEntity> hostile = List.of(
                new TextEntity("mention", 100, 8), new TextEntity("mention", -1, 8), new TextEntity("mention", 0, 1000),
                new TextEntity("mention", 0, 0), new TextEntity("mention", Integer.MAX_VALUE, Integer.MAX_VALUE),
                new TextEntity("bold", 0, 8), new TextEntity(null, 0, 8));
        assertEquals(Address.notForBot(), addressing.address(group(text, hostile, false)));
    }

    @Test
    void overlappingEntitiesDoNotBreakTheCut() {
        String text = "@GigaBot привет";
        List<TextEntity> overlapping = List.of(new TextEntity("mention", 0, 8), new TextEntity("mention", 0, 8));
        assertEquals(Address.prompt("привет"), addressing.address(group(text, overlapping, false)));
    }
}
