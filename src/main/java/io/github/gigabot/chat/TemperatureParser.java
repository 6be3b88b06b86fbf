package io.github.gigabot.chat;

import java.util.regex.Pattern;

import io.github.gigabot.config.GigaChatSettings;

/**
 * Parses the argument of {@code /temp}: one number greater than 0 and at most 2, with a dot or a
 * comma as the decimal separator ({@code 0.7}, {@code 0,7}, {@code .5}), at most three decimals.
 */
public final class TemperatureParser {

    // A plain ASCII number with an optional sign: signs are accepted only to say "out of range"
    // instead of "not a number" to someone who typed -1.
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:[0-9]{1,3}(?:[.,][0-9]{1,3})?|[.,][0-9]{1,3})");

    public TemperatureInput parse(String argument) {
        String text = argument.strip();
        if (!NUMBER.matcher(text).matches()) {
            return TemperatureInput.refused(TemperatureInput.Problem.NOT_A_NUMBER);
        }
        double value = Double.parseDouble(text.replace(',', '.'));
        if (value <= 0 || value > GigaChatSettings.MAX_TEMPERATURE) {
            return TemperatureInput.refused(TemperatureInput.Problem.OUT_OF_RANGE);
        }
        return TemperatureInput.accepted(value);
    }
}
