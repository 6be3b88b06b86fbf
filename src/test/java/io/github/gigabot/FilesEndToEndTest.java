package io.github.gigabot;

import static io.github.gigabot.fakes.FakeTelegram.mention;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gigabot.fakes.FakeGigaChat.Upload;
import io.github.gigabot.fakes.FakeTelegram.Sent;
import io.github.gigabot.fakes.FakeTelegram;
import org.junit.jupiter.api.Test;

/**
 * Photos, documents and voice messages through the real wiring: downloaded from the fake Bot API,
 * uploaded to the fake GigaChat, and carried by the question as attachments.
 */
class FilesEndToEndTest extends EndToEndTest {

    private static final long USER = 4242;
    private static final long GROUP = -1001234567890L;
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x01, 0x02};
    private static final byte[] PDF = "%PDF-1.7 отчёт".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final byte[] OGG = {'O', 'g', 'g', 'S', 0, 2};

    /** The user message of each request as "content [attachments]". */
    private List<String> questions() {
        return gigachat.chatRequests().stream().map(request -> {
            JsonNode messages = request.get("messages");
            JsonNode last = messages.get(messages.size() - 1);
            return last.get("content").asText() + " " + last.path("attachments");
        }).toList();
    }

    @Test
    void photoWithAndWithoutCaptionVoiceAndPdfReachGigaChatAsAttachments() throws Exception {
        bot.setting("bot.streaming", "false").start();
        telegram.fileMessage(USER, USER, "ru", "что за порода?", List.of(), "photo", FakeTelegram.photo("p1", JPEG.length), JPEG);
        telegram.fileMessage(USER, USER, "en", null, List.of(), "photo", FakeTelegram.photo("p2", JPEG.length), JPEG);
        telegram.fileMessage(USER, USER, "ru", null, List.of(), "voice", FakeTelegram.file("v1", null, "audio/ogg", OGG.length), OGG);
        telegram.fileMessage(USER, USER, "ru", "главное в трёх пунктах", List.of(), "document",
                FakeTelegram.file("d1", "Отчёт 2025.pdf", "application/pdf", PDF.length), PDF);

        List<Sent> sent = telegram.awaitSent(4, WAIT);

        List<Upload> uploads = gigachat.uploads();
        assertEquals(List.of("photo.jpg image/jpeg", "photo.jpg image/jpeg", "voice.ogg audio/ogg", "Отчёт 2025.pdf application/pdf"),
                uploads.stream().map(u -> u.fileName() + " " + u.mimeType()).toList());
        assertTrue(uploads.stream().allMatch(u -> "general".equals(u.purpose())));
        assertArrayEquals(JPEG, uploads.get(0).content());
        assertArrayEquals(OGG, uploads.get(2).content());
        assertArrayEquals(PDF, uploads.get(3).content());
        assertEquals(List.of("что за порода? [\"" + uploads.get(0).id() + "\"]",
                        "Describe what is in this picture. [\"" + uploads.get(1).id() + "\"]",
                        "Ответь на это голосовое сообщение. [\"" + uploads.get(2).id() + "\"]",
                        "главное в трёх пунктах [\"" + uploads.get(3).id() + "\"]"),
                questions());
        assertEquals(List.of("files/p1", "files/p2", "files/v1", "files/d1"), telegram.downloads(), "the largest photo size");
        assertEquals(4, sent.size());
        List<String> shown = telegram.calls("sendChatAction").stream().map(call -> call.text("action")).toList();
        assertTrue(shown.containsAll(List.of("typing", "upload_photo", "upload_voice", "upload_document")), shown.toString());
    }

    @Test
    void aFollowUpSendsThePhotoAgainAndResetDeletesIt() throws Exception {
        bot.setting("bot.streaming", "false").start();
        telegram.fileMessage(USER, USER, "ru", "что на фото?", List.of(), "photo", FakeTelegram.photo("p1", JPEG.length), JPEG);
        telegram.awaitSent(1, WAIT);
        telegram.privateMessage(USER, "ru", "а какого цвета машина?");
        telegram.awaitSent(2, WAIT);
        telegram.privateMessage(USER, "ru", "/reset");
        telegram.awaitSent(3, WAIT);

        String id = gigachat.uploads().get(0).id();
        JsonNode followUp = gigachat.chatRequests().get(1).get("messages");
        assertEquals("что на фото?", followUp.get(0).get("content").asText());
        assertEquals("[\"" + id + "\"]", followUp.get(0).get("attachments").toString(), "the photo goes again, by id");
        assertEquals(1, gigachat.uploads().size(), "not uploaded twice");
        assertEquals(List.of(id), gigachat.deleted(), "/reset deletes what the bot uploaded");
    }

    @Test
    void unsupportedAndOversizedFilesAreRefusedWithoutDownloadOrModelCall() throws Exception {
        bot.start();
        JsonNode sticker = FakeTelegram.file("s1", null, null, 10);
        ((com.fasterxml.jackson.databind.node.ObjectNode) sticker).put("width", 512).put("height", 512).put("is_animated", false)
                .put("is_video", false).put("type", "regular");
        telegram.fileMessage(USER, USER, "ru", null, List.of(), "sticker", sticker, null);
        telegram.fileMessage(USER, USER, "ru", "посмотри", List.of(), "document",
                FakeTelegram.file("x1", "setup.exe", "application/octet-stream", 100), new byte[100]);
        telegram.fileMessage(USER, USER, "en", null, List.of(), "document",
                FakeTelegram.file("big", "book.pdf", "application/pdf", 25L * 1024 * 1024), null);

        List<String> sent = texts(telegram.awaitSent(3, WAIT));

        assertTrue(sent.get(0).startsWith("Такой файл GigaChat не прочитает. Я понимаю фотографии"), sent.get(0));
        assertEquals(sent.get(0), sent.get(1));
        assertEquals("The file is too large: I read files of this kind up to 20 MB.", sent.get(2));
        assertTrue(telegram.calls("getFile").isEmpty(), "nothing downloaded");
        assertTrue(gigachat.uploads().isEmpty() && gigachat.chatRequests().isEmpty(), "GigaChat never asked");
    }

    @Test
    void inAGroupOnlyAddressedFilesAreDownloaded() throws Exception {
        bot.start();
        telegram.fileMessage(GROUP, 7, "ru", "смотрите, что нашёл", List.of(), "photo", FakeTelegram.photo("g0", JPEG.length), JPEG);
        telegram.fileMessage(GROUP, 7, "ru", null, List.of(), "document", FakeTelegram.file("g1", "a.pdf", null, PDF.length), PDF);
        String caption = "@" + FakeTelegram.BOT_USERNAME + " что это?";
        telegram.fileMessage(GROUP, 7, "ru", caption, List.of(mention(0, FakeTelegram.BOT_USERNAME)), "photo",
                FakeTelegram.photo("g2", JPEG.length), JPEG);

        List<Sent> sent = telegram.awaitSent(1, WAIT);
        telegram.awaitUpdatesConfirmed(WAIT);

        assertEquals(1, sent.size());
        assertEquals(List.of("files/g2"), telegram.downloads(), "chatter's files are never downloaded");
        assertEquals(List.of("что это? [\"" + gigachat.uploads().get(0).id() + "\"]"), questions());
        assertEquals("Ответ: что это?", sent.get(0).text());
    }

    @Test
    void aFileTelegramWillNotHandOverIsExplained() throws Exception {
        bot.setting("bot.streaming", "false").start();
        telegram.fileMessage(USER, USER, "ru", null, List.of(), "photo", FakeTelegram.photo("gone", JPEG.length), null);

        assertEquals(List.of("Не удалось получить файл из Telegram. Пришлите его ещё раз."), texts(telegram.awaitSent(1, WAIT)));
        assertTrue(gigachat.chatRequests().isEmpty());
    }
}
