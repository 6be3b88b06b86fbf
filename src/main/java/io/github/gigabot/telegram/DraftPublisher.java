package io.github.gigabot.telegram;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import io.github.gigabot.pacing.SendPacer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows an answer in a private chat while it is being generated, with Telegram's
 * {@code sendMessageDraft}: the same draft id each time, so the draft grows in place. Updates come
 * at most once per {@code minIntervalMillis}, and only when the {@link SendPacer}'s draft budget has
 * room: under load a chat sees fewer, longer steps, and no finished answer waits for a draft. The
 * final message is sent separately, as usual. If Telegram refuses a draft, drafting stops for this
 * answer and the final message still comes.
 */
public final class DraftPublisher implements Consumer<String> {

    private static final Logger log = LoggerFactory.getLogger(DraftPublisher.class);

    private final TelegramBotApi telegram;
    private final SendPacer pacer;
    private final long chatId;
    private final int draftId;
    private final UnaryOperator<String> render;
    private final long minIntervalMillis;
    private final LongSupplier clockMillis;
    private final long startedAt;
    private long lastSentAt = Long.MIN_VALUE;
    /** The draft on its way; the next waits for it, so drafts never overtake one another. */
    private CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);
    private volatile long firstShownAfter = -1;
    private volatile boolean refused;

    /**
     * @param draftId non-zero; one per answer
     * @param render  turns the raw text so far into the HTML to show
     */
    public DraftPublisher(TelegramBotApi telegram, SendPacer pacer, long chatId, int draftId, UnaryOperator<String> render,
                          long minIntervalMillis, LongSupplier clockMillis) {
        this.telegram = telegram;
        this.pacer = pacer;
        this.chatId = chatId;
        this.draftId = draftId;
        this.render = render;
        this.minIntervalMillis = minIntervalMillis;
        this.clockMillis = clockMillis;
        this.startedAt = clockMillis.getAsLong();
    }

    /**
     * The text so far has grown: show it, unless a draft went out too recently or is still on its
     * way. Never waits for Telegram: the answer keeps streaming in meanwhile.
     */
    @Override
    public void accept(String textSoFar) {
        long now = clockMillis.getAsLong();
        if (refused || !inFlight.isDone() || (lastSentAt != Long.MIN_VALUE && now - lastSentAt < minIntervalMillis)) {
            return;
        }
        String html = render.apply(textSoFar);
        if (html.isBlank()) {
            return;
        }
        // Over the budget this draft is skipped and the next tried an interval later, so a busy bot
        // does not render every chunk of every answer in vain.
        lastSentAt = now;
        if (!pacer.tryDraft(chatId)) {
            return;
        }
        inFlight = telegram.sendDraft(chatId, draftId, html).whenComplete((ignored, error) -> {
            if (error != null) {
                refused = true;
                log.info("Drafts for chat {} stopped: {}", chatId, error.getMessage());
            } else if (firstShownAfter < 0) {
                firstShownAfter = clockMillis.getAsLong() - startedAt;
            }
        });
    }

    /** Waits (briefly) for the draft still on its way, so that it cannot arrive after the final message. */
    public void settle() {
        Settle.await(inFlight, TypingIndicator.SETTLE_WAIT);
    }

    /** Milliseconds from the start of the answer to the first text the user saw, if any was shown; call after {@link #settle}. */
    public OptionalLong firstShownAfterMillis() {
        return firstShownAfter < 0 ? OptionalLong.empty() : OptionalLong.of(firstShownAfter);
    }
}
