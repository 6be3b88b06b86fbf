package io.github.gigabot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.fakes.LogCapture;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

class UpdateReceiverTest {

    private final List<List<IncomingMessage>> batches = new ArrayList<>();

    private static Update update(int id, long chat, String text) throws Exception {
        return new ObjectMapper().readValue("{\"update_id\":" + id + ",\"message\":{\"message_id\":" + id + ",\"date\":1,"
                + "\"from\":{\"id\":" + chat + ",\"is_bot\":false,\"first_name\":\"U\"},"
                + "\"chat\":{\"id\":" + chat + ",\"type\":\"private\"},\"text\":\"" + text + "\"}}", Update.class);
    }

    @Test
    void aBatchIsHandedOnInOnePieceInOrderWithoutWhatIsNotAMessage() throws Exception {
        Update noMessage = new ObjectMapper().readValue("{\"update_id\":3}", Update.class);

        new UpdateReceiver(new UpdateMapper(1), batches::add).consume(List.of(update(1, 5, "раз"), noMessage, update(2, 6, "два 🌍")));

        assertEquals(1, batches.size());
        assertEquals(List.of("раз", "два 🌍"), batches.get(0).stream().map(IncomingMessage::text).toList());
        assertEquals(List.of(5L, 6L), batches.get(0).stream().map(IncomingMessage::chatId).toList());
    }

    @Test
    void anUpdateThatCannotBeMappedIsDroppedAndTheRestGoOn() throws Exception {
        Update broken = mock(Update.class);
        when(broken.hasMessage()).thenThrow(new IllegalStateException("broken"));
        when(broken.getUpdateId()).thenReturn(77);

        try (LogCapture log = new LogCapture(UpdateReceiver.class)) {
            new UpdateReceiver(new UpdateMapper(1), batches::add).consume(Arrays.asList(update(1, 5, "раз"), broken, update(2, 5, "два")));

            assertEquals(List.of("ERROR Update 77 dropped: java.lang.IllegalStateException: broken"), log.lines());
        }
        assertEquals(List.of("раз", "два"), batches.get(0).stream().map(IncomingMessage::text).toList());
    }

    @Test
    void nothingEscapesToTheLibraryEvenAnError() throws Exception {
        try (LogCapture log = new LogCapture(UpdateReceiver.class)) {
            new UpdateReceiver(new UpdateMapper(1), batch -> {
                throw new OutOfMemoryError("store failed");
            }).consume(List.of(update(1, 5, "раз")));

            assertEquals(List.of("ERROR Batch of 1 message(s) not handed on: java.lang.OutOfMemoryError: store failed"), log.lines());
        }
    }
}
