package io.github.gigabot.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.github.gigabot.chat.IncomingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Receives each polled batch on the polling thread and hands the batch's messages on in one piece
 * (to be stored before the batch is acknowledged), without waiting for them to be answered. Nothing
 * may escape {@link #consume}: TelegramBots would stop polling for good.
 */
public final class UpdateReceiver implements LongPollingUpdateConsumer {

    private static final Logger log = LoggerFactory.getLogger(UpdateReceiver.class);

    private final UpdateMapper mapper;
    private final Consumer<List<IncomingMessage>> sink;

    public UpdateReceiver(UpdateMapper mapper, Consumer<List<IncomingMessage>> sink) {
        this.mapper = mapper;
        this.sink = sink;
    }

    @Override
    public void consume(List<Update> updates) {
        List<IncomingMessage> batch = new ArrayList<>();
        for (Update update : updates) {
            try {
                mapper.map(update).ifPresent(batch::add);
            } catch (RuntimeException e) {
                log.error("Update {} dropped: {}", update == null ? null : update.getUpdateId(), e.toString());
            }
        }
        try {
            sink.accept(batch);
        } catch (Throwable e) { // NOPMD: see the class comment
            log.error("Batch of {} message(s) not handed on: {}", batch.size(), e.toString());
        }
    }
}
