package io.github.gigabot.chat;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a command from a message's text. Works on the text itself, not on TelegramBots'
 * {@code isCommand()}, which answers false unless {@code getEntities()} happened to be called first.
 */
public final class CommandParser {

    // Telegram's command syntax: Latin letters, digits and underscores, up to 32 of them, optionally
    // followed by @username; then whitespace (a space or a new line) or the end.
    private static final Pattern COMMAND = Pattern.compile("^/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?=\\s|$)");

    private final String botUsername;

    /** @param botUsername the bot's username without {@code @} */
    public CommandParser(String botUsername) {
        this.botUsername = botUsername;
    }

    /** The command at the start of {@code text}, or empty when the text is not a command. */
    public Optional<Command> parse(String text) {
        Matcher matcher = COMMAND.matcher(text);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String suffix = matcher.group(2);
        Command.Target target = suffix == null ? Command.Target.ANY_BOT
                : suffix.equalsIgnoreCase(botUsername) ? Command.Target.THIS_BOT : Command.Target.OTHER_BOT;
        return Optional.of(new Command(matcher.group(1).toLowerCase(Locale.ROOT),
                text.substring(matcher.end()).strip(), target));
    }
}
