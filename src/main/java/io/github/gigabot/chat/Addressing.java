package io.github.gigabot.chat;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides which messages are for the bot. In a private chat, all of them. In a group, those that
 * mention {@code @botusername} (a {@code mention} entity, any case) or reply to one of the bot's
 * messages; the mention is cut out of the question. A file counts like text: in a group only with a
 * caption that mentions the bot or as a reply to the bot, and then even with nothing else to say.
 */
public final class Addressing {

    private static final String MENTION = "mention";
    // "@bot, what is..." reads naturally; the comma or colon left behind is not part of the question.
    private static final Pattern LEADING_PUNCTUATION = Pattern.compile("^[,:;]+\\s*");

    private final String mention;

    /** @param botUsername the bot's username without {@code @} */
    public Addressing(String botUsername) {
        this.mention = "@" + botUsername;
    }

    public Address address(IncomingMessage message) {
        String text = message.text();
        // A file is a question by itself: its caption, if any, says what to do with it.
        boolean file = message.attachment() != null;
        if (message.chatType() == ChatType.PRIVATE) {
            return text.isBlank() && !file ? Address.notForBot() : Address.prompt(text.strip());
        }
        List<TextEntity> mentions = message.entities().stream()
                .filter(entity -> MENTION.equals(entity.type()) && entity.fitsIn(text))
                .filter(entity -> text.substring(entity.offset(), entity.offset() + entity.length()).equalsIgnoreCase(mention))
                .sorted(Comparator.comparingInt(TextEntity::offset).reversed())
                .toList();
        if (mentions.isEmpty()) {
            return message.replyToBot() && (file || !text.isBlank()) ? Address.prompt(text.strip()) : Address.notForBot();
        }
        String prompt = cut(text, mentions);
        return prompt.isEmpty() && !file ? Address.bareMention() : Address.prompt(prompt);
    }

    /** Removes the mentions (sorted last first, so earlier offsets stay valid). */
    private static String cut(String text, List<TextEntity> mentionsLastFirst) {
        String result = text;
        int previousStart = Integer.MAX_VALUE;
        for (TextEntity entity : mentionsLastFirst) {
            int end = entity.offset() + entity.length();
            if (end > previousStart) {
                continue; // Overlapping entities: only hostile input has them.
            }
            String before = result.substring(0, entity.offset()).stripTrailing();
            String after = result.substring(end).stripLeading();
            result = before.isEmpty() || after.isEmpty() ? before + after : before + " " + after;
            previousStart = entity.offset();
        }
        return LEADING_PUNCTUATION.matcher(result.strip()).replaceFirst("").strip();
    }
}
