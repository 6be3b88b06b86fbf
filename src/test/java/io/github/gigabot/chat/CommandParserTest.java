package io.github.gigabot.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import io.github.gigabot.chat.Command.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {

    private final CommandParser parser = new CommandParser("GigaBot");

    @Test
    void plainCommand() {
        assertEquals(Optional.of(new Command("temp", "", Target.ANY_BOT)), parser.parse("/temp"));
        assertEquals(Optional.of(new Command("temp", "0.7", Target.ANY_BOT)), parser.parse("/temp 0.7"));
        assertEquals(Optional.of(new Command("temp", "0,7", Target.ANY_BOT)), parser.parse("/TEMP   0,7  "));
    }

    @Test
    void addressedCommands() {
        assertEquals(Optional.of(new Command("help", "", Target.THIS_BOT)), parser.parse("/help@gigabot"));
        assertEquals(Optional.of(new Command("temp", "1", Target.THIS_BOT)), parser.parse("/temp@GigaBot 1"));
        assertEquals(Optional.of(new Command("help", "", Target.OTHER_BOT)), parser.parse("/help@OtherBot"));
    }

    @Test
    void newlineSeparatesTheArgument() {
        assertEquals(Optional.of(new Command("temp", "0.5", Target.ANY_BOT)), parser.parse("/temp\n0.5"));
    }

    @Test
    void argumentKeepsUnicode() {
        assertEquals(Optional.of(new Command("temp", "ноль 🔥", Target.ANY_BOT)), parser.parse("/temp ноль 🔥"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/ temp", "temp", " /temp", "/темп", "/🔥", "/temp-1", "/temp@", "/temp@бот",
            "hello /temp", "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void notCommands(String text) {
        assertEquals(Optional.empty(), parser.parse(text));
    }

    @Test
    void hugeArgumentIsKeptForTheCommandToRefuse() {
        String huge = "9".repeat(100_000);
        assertEquals(huge, parser.parse("/temp " + huge).orElseThrow().argument());
    }
}
