package io.github.gigabot.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gigabot.chat.TemperatureInput.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TemperatureParserTest {

    private final TemperatureParser parser = new TemperatureParser();

    @ParameterizedTest
    @CsvSource({"0.7, 0.7", "'0,7', 0.7", "2, 2.0", "1, 1.0", "0.01, 0.01", "'.5', 0.5", "' 1.25 ', 1.25", "+1.5, 1.5", "0.001, 0.001", "2.000, 2.0"})
    void acceptsNumbersInRange(String input, double expected) {
        TemperatureInput result = parser.parse(input);
        assertNull(result.problem());
        assertEquals(expected, result.value().getAsDouble());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.0", "0,000", "-1", "-0.5", "2.01", "2.001", "3", "100", "999.999"})
    void refusesNumbersOutOfRange(String input) {
        TemperatureInput result = parser.parse(input);
        assertEquals(Problem.OUT_OF_RANGE, result.problem());
        assertTrue(result.value().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "NaN", "Infinity", "-Infinity", "1e0", "1E-1", "0x1", "0.5 0.7", "0.5,0.7", "", "   ",
            "🔥", "ноль", "0.7🔥", "１", "٠٫٥", "0.0001", "1.", "1..5", "--1", "0.5\n0.7", "<b>1</b>", "1; DROP TABLE chat_settings"})
    void refusesAnythingButOneNumber(String input) {
        TemperatureInput result = parser.parse(input);
        assertEquals(Problem.NOT_A_NUMBER, result.problem(), input);
        assertTrue(result.value().isEmpty());
    }

    @Test
    void refusesHugeInputQuickly() {
        assertEquals(Problem.NOT_A_NUMBER, parser.parse("1".repeat(10_000)).problem());
        assertEquals(Problem.NOT_A_NUMBER, parser.parse("0." + "1".repeat(10_000)).problem());
    }
}
