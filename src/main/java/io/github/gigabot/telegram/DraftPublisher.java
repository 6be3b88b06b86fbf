package io.github.gigabot.telegram;

import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows an answer in a private chat while it is being generated, with Telegram's
 * {@code sendMessageDraft}: the same draft id each time, so the draft grows in place. Updates come
 * at most once per {@code minIntervalMillis}; the final message is sent separately, as usual. If
 * Telegram refuses a draft, drafting stops for this answer and the final message still comes.
 */
public final class DraftPublisher implements Consumer<String> {

    private static final Logger log = LoggerFactory.getLogger(DraftPublisher.class);

    private final TelegramBotApi telegram;
    private final long chatId;
    private final int draftId;
    private final UnaryOperator<String> render;
    private final long minIntervalMillis;
    private final LongSupplier clockMillis;
    private final long startedAt;
    private long lastSentAt = Long.MIN_VALUE;
    private long firstShownAfter = -1;
    private boolean refused;

    /**
     * @param draftId non-zero; one per answer
     * @param render  turns the raw text so far into the HTML to show
     */
    public DraftPublisher(TelegramBotApi telegram, long chatId, int draftId, UnaryOperator<String> render,
                          long minIntervalMillis, LongSupplier clockMillis) {
        this.telegram = telegram;
        this.chatId = chatId;
        this.draftId = draftId;
        this.render = render;
        this.minIntervalMillis = minIntervalMillis;
        this.clockMillis = clockMillis;
        this.startedAt = clockMillis.getAsLong();
    }

    /** The text so far has grown: show it, unless a draft went out too recently. */
    @Override
    public void accept(String textSoFar) {
        long now = clockMillis.getAsLong();
        if (refused || (lastSentAt != Long.MIN_VALUE && now - lastSentAt < minIntervalMillis)) {
            return;
        }
        String html = render.apply(textSoFar);
        if (html.isBlank()) {
            return;
        }
        lastSentAt = now;
        try {
            telegram.sendDraft(chatId, draftId, html);
            if (firstShownAfter < 0) {
                firstShownAfter = clockMillis.getAsLong() - startedAt;
            }
        } catch (TelegramFailure e) {
            refused = true;
            log.info("Drafts for chat {} stopped: {}", chatId, e.getMessage());
        }
    }

    /** Milliseconds from the start of the answer to the first text the user saw, if any was shown. */
    public OptionalLong firstShownAfterMillis() {
        return firstShownAfter < 0 ? OptionalLong.empty() : OptionalLong.of(firstShownAfter);
    }
}
