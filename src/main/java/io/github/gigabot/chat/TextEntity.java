package io.github.gigabot.chat;

/**
 * A Telegram message entity of interest to the bot ({@code mention}, {@code bot_command}, ...).
 *
 * @param type   Telegram's entity type, e.g. {@code mention}
 * @param offset start, in UTF-16 code units (the same units as Java {@code String} indices)
 * @param length length, in UTF-16 code units
 */
public record TextEntity(String type, int offset, int length) {

    /** True when the entity lies within {@code text}; hostile offsets never overflow into a yes. */
    public boolean fitsIn(String text) {
        return offset >= 0 && length > 0 && length <= text.length() - offset;
    }
}
