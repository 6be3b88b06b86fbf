package io.github.gigabot.chat;

import java.util.OptionalDouble;

/**
 * What {@code /temp X} asked for: a usable value, or why X is not one.
 *
 * @param value   the temperature, present when {@code problem} is null
 * @param problem why X was refused, or null
 */
public record TemperatureInput(OptionalDouble value, Problem problem) {

    /** Why a value was refused. */
    public enum Problem {
        /** Not one plain number (words, two numbers, exponents, NaN, too many digits). */
        NOT_A_NUMBER,
        /** A number, but not in (0, 2]. */
        OUT_OF_RANGE
    }

    static TemperatureInput accepted(double value) {
        return new TemperatureInput(OptionalDouble.of(value), null);
    }

    static TemperatureInput refused(Problem problem) {
        return new TemperatureInput(OptionalDouble.empty(), problem);
    }
}
