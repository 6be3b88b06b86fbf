package io.github.gigabot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.chat.Attachment;
import io.github.gigabot.chat.ChatType;
import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.chat.TextEntity;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

/** Updates as Telegram sends them, read by TelegramBots' own Jackson model. */
class UpdateMapperTest {

    private static final long BOT_ID = 555;
    private final UpdateMapper mapper = new UpdateMapper(BOT_ID);

    private Optional<IncomingMessage> map(String json) throws Exception {
        return mapper.map(new ObjectMapper().readValue(json, Update.class));
    }

    @Test
    void privateTextMessage() throws Exception {
        IncomingMessage m = map("""
                {"update_id": 10, "message": {"message_id": 5, "date": 1,
                 "from": {"id": 42, "is_bot": false, "first_name": "Аня", "language_code": "ru"},
                 "chat": {"id": 42, "type": "private"}, "text": "Привет 👋"}}
                """).orElseThrow();

        assertEquals(new IncomingMessage(10, 42, ChatType.PRIVATE, null, 5, 42, "ru", "Привет 👋", List.of(), false), m);
    }

    @Test
    void groupMentionKeepsEntitiesAndTopic() throws Exception {
        IncomingMessage m = map("""
                {"update_id": 11, "message": {"message_id": 6, "date": 1, "message_thread_id": 77, "is_topic_message": true,
                 "from": {"id": 42, "is_bot": false, "first_name": "A", "language_code": "en"},
                 "chat": {"id": -100123, "type": "supergroup", "title": "G", "is_forum": true},
                 "text": "👍 @bot hi", "entities": [{"type": "mention", "offset": 3, "length": 4}]}}
                """).orElseThrow();

        assertEquals(ChatType.GROUP, m.chatType());
        assertEquals(-100123, m.chatId());
        assertEquals(77, m.threadId());
        assertEquals(List.of(new TextEntity("mention", 3, 4)), m.entities());
        assertEquals("en", m.languageCode());
    }

    @Test
    void replyThreadOutsideTopicsIsNotATopic() throws Exception {
        IncomingMessage m = map("""
                {"update_id": 11, "message": {"message_id": 6, "date": 1, "message_thread_id": 3,
                 "from": {"id": 42, "is_bot": false, "first_name": "A"},
                 "chat": {"id": -100123, "type": "supergroup", "title": "G"}, "text": "x"}}
                """).orElseThrow();
        assertNull(m.threadId());
    }

    @Test
    void replyToTheBotIsRecognised() throws Exception {
        String template = """
                {"update_id": 12, "message": {"message_id": 7, "date": 1,
                 "from": {"id": 42, "is_bot": false, "first_name": "A"},
                 "chat": {"id": -5, "type": "group", "title": "G"}, "text": "and why?",
                 "reply_to_message": {"message_id": 3, "date": 1, "from": {"id": %d, "is_bot": true, "first_name": "B"},
                  "chat": {"id": -5, "type": "group", "title": "G"}, "text": "because"}}}
                """;
        assertTrue(map(String.format(template, BOT_ID)).orElseThrow().replyToBot());
        assertFalse(map(String.format(template, 999)).orElseThrow().replyToBot());
    }

    @Test
    void photoCaptionIsTheText() throws Exception {
        IncomingMessage m = map("""
                {"update_id": 13, "message": {"message_id": 8, "date": 1,
                 "from": {"id": 42, "is_bot": false, "first_name": "A"},
                 "chat": {"id": 42, "type": "private"},
                 "photo": [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}],
                 "caption": "что на фото?", "caption_entities": [{"type": "bold", "offset": 0, "length": 3}]}}
                """).orElseThrow();
        assertEquals("что на фото?", m.text());
        assertEquals(List.of(new TextEntity("bold", 0, 3)), m.entities());
    }

    @Test
    void nonTextUpdatesAreIgnored() throws Exception {
        // An edit, a channel post, a membership change, a service message.
        assertEquals(Optional.empty(), map("""
                {"update_id": 2, "edited_message": {"message_id": 1, "date": 1, "edit_date": 2,
                 "from": {"id": 1, "is_bot": false, "first_name": "A"}, "chat": {"id": 1, "type": "private"}, "text": "x"}}
                """));
        assertEquals(Optional.empty(), map("""
                {"update_id": 3, "channel_post": {"message_id": 1, "date": 1, "chat": {"id": -100, "type": "channel", "title": "C"}, "text": "x"}}
                """));
        assertEquals(Optional.empty(), map("""
                {"update_id": 4, "my_chat_member": {"chat": {"id": -5, "type": "group", "title": "G"},
                 "from": {"id": 1, "is_bot": false, "first_name": "A"}, "date": 1,
                 "old_chat_member": {"status": "left", "user": {"id": 555, "is_bot": true, "first_name": "B"}},
                 "new_chat_member": {"status": "member", "user": {"id": 555, "is_bot": true, "first_name": "B"}}}}
                """));
        assertEquals(Optional.empty(), map("""
                {"update_id": 5, "message": {"message_id": 1, "date": 1, "from": {"id": 1, "is_bot": false, "first_name": "A"},
                 "chat": {"id": -5, "type": "group", "title": "G"}, "new_chat_members": [{"id": 2, "is_bot": false, "first_name": "B"}]}}
                """));
        assertEquals(Optional.empty(), mapper.map(null));
    }

    @Test
    void anonymousAdminUsesTheChatAsSender() throws Exception {
        IncomingMessage m = map("""
                {"update_id": 14, "message": {"message_id": 9, "date": 1,
                 "sender_chat": {"id": -5, "type": "group", "title": "G"},
                 "chat": {"id": -5, "type": "group", "title": "G"}, "text": "hi"}}
                """).orElseThrow();
        assertEquals(-5, m.userId());
        assertNull(m.languageCode());
    }

    // ---- placeholders in "from": the sender is who sender_chat says -------------------------

    private Optional<IncomingMessage> fromPlaceholder(long placeholderId, String senderChat) throws Exception {
        return map("""
                {"update_id": 20, "message": {"message_id": 9, "date": 1,
                 "from": {"id": %d, "is_bot": true, "first_name": "Placeholder", "username": "GroupAnonymousBot"},
                 %s
                 "chat": {"id": -100123, "type": "supergroup", "title": "G"}, "text": "/temp 0.5"}}
                """.formatted(placeholderId, senderChat));
    }

    @Test
    void anonymousAdministratorIsTheGroupItself() throws Exception {
        IncomingMessage m = fromPlaceholder(1087968824L,
                "\"sender_chat\": {\"id\": -100123, \"type\": \"supergroup\", \"title\": \"G\"},").orElseThrow();

        assertEquals(-100123, m.userId());
    }

    @Test
    void postingAsAChannelIsTheChannel() throws Exception {
        IncomingMessage m = fromPlaceholder(136817688L,
                "\"sender_chat\": {\"id\": -100777, \"type\": \"channel\", \"title\": \"Канал 📣\"},").orElseThrow();

        assertEquals(-100777, m.userId());
    }

    @Test
    void linkedChannelForwardIsTheChannel() throws Exception {
        IncomingMessage m = fromPlaceholder(777000L,
                "\"is_automatic_forward\": true, \"sender_chat\": {\"id\": -100888, \"type\": \"channel\", \"title\": \"C\"},")
                .orElseThrow();

        assertEquals(-100888, m.userId());
    }

    @Test
    void placeholderWithoutSenderChatIsNobodyToAnswer() throws Exception {
        for (long placeholder : new long[] {1087968824L, 136817688L, 777000L}) {
            assertTrue(fromPlaceholder(placeholder, "").isEmpty(), "placeholder " + placeholder + " alone is no sender");
        }
    }

    @Test
    void messageWithNeitherSenderIsIgnored() throws Exception {
        assertTrue(map("""
                {"update_id": 21, "message": {"message_id": 9, "date": 1,
                 "chat": {"id": -100123, "type": "supergroup", "title": "G"}, "text": "кто я?"}}
                """).isEmpty());
    }

    private Attachment attachmentOf(String message) throws Exception {
        return map("{\"update_id\": 9, \"message\": {\"message_id\": 1, \"date\": 1, "
                + "\"from\": {\"id\": 1, \"is_bot\": false, \"first_name\": \"A\"}, \"chat\": {\"id\": 1, \"type\": \"private\"}, "
                + message + "}}").orElseThrow().attachment();
    }

    @Test
    void aPhotoIsItsLargestSize() throws Exception {
        assertEquals(new Attachment(Attachment.Kind.PHOTO, "big", null, "image/jpeg", 90_000), attachmentOf(
                "\"photo\": [{\"file_id\": \"small\", \"file_unique_id\": \"s\", \"width\": 90, \"height\": 60, \"file_size\": 1000},"
                        + "{\"file_id\": \"big\", \"file_unique_id\": \"b\", \"width\": 1280, \"height\": 853, \"file_size\": 90000},"
                        + "{\"file_id\": \"mid\", \"file_unique_id\": \"m\", \"width\": 320, \"height\": 213}]"));
    }

    @Test
    void documentsVoiceAndAudioKeepWhatTelegramSaysOfThem() throws Exception {
        assertEquals(new Attachment(Attachment.Kind.DOCUMENT, "d", "Отчёт.pdf", "application/pdf", 123_456), attachmentOf(
                "\"document\": {\"file_id\": \"d\", \"file_unique_id\": \"u\", \"file_name\": \"Отчёт.pdf\", "
                        + "\"mime_type\": \"application/pdf\", \"file_size\": 123456}"));
        assertEquals(new Attachment(Attachment.Kind.VOICE, "v", null, "audio/ogg", 0), attachmentOf(
                "\"voice\": {\"file_id\": \"v\", \"file_unique_id\": \"u\", \"duration\": 3, \"mime_type\": \"audio/ogg\"}"));
        assertEquals(new Attachment(Attachment.Kind.AUDIO, "a", "песня.mp3", "audio/mpeg", 5_000_000), attachmentOf(
                "\"audio\": {\"file_id\": \"a\", \"file_unique_id\": \"u\", \"duration\": 3, \"file_name\": \"песня.mp3\", "
                        + "\"mime_type\": \"audio/mpeg\", \"file_size\": 5000000}"));
    }

    @Test
    void aCaptionIsTheTextAndItsEntitiesCount() throws Exception {
        IncomingMessage message = map("""
                {"update_id": 9, "message": {"message_id": 1, "date": 1, "from": {"id": 1, "is_bot": false, "first_name": "A"},
                 "chat": {"id": -5, "type": "supergroup", "title": "G"}, "caption": "@GigaBot что это?",
                 "caption_entities": [{"type": "mention", "offset": 0, "length": 8}],
                 "photo": [{"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}]}}
                """).orElseThrow();
        assertEquals("@GigaBot что это?", message.text());
        assertEquals(List.of(new TextEntity("mention", 0, 8)), message.entities());
        assertEquals("p", message.attachment().fileId());
    }

    @Test
    void stickersVideosAndTheLikeAreUnsupportedFilesNotSilence() throws Exception {
        assertEquals(Attachment.unsupported(), attachmentOf("\"sticker\": {\"file_id\": \"x\", \"file_unique_id\": \"y\", \"width\": 1, "
                + "\"height\": 1, \"is_animated\": false, \"is_video\": false, \"type\": \"regular\"}"));
        assertEquals(Attachment.unsupported(), attachmentOf("\"video\": {\"file_id\": \"x\", \"file_unique_id\": \"y\", \"width\": 1, "
                + "\"height\": 1, \"duration\": 1}"));
        assertEquals(Attachment.unsupported(), attachmentOf("\"location\": {\"latitude\": 55.75, \"longitude\": 37.61}"));
        assertEquals("", map("""
                {"update_id": 9, "message": {"message_id": 1, "date": 1, "from": {"id": 1, "is_bot": false, "first_name": "A"},
                 "chat": {"id": 1, "type": "private"}, "location": {"latitude": 55.75, "longitude": 37.61}}}
                """).orElseThrow().text());
        assertEquals(null, map("""
                {"update_id": 9, "message": {"message_id": 1, "date": 1, "from": {"id": 1, "is_bot": false, "first_name": "A"},
                 "chat": {"id": 1, "type": "private"}, "text": "просто текст"}}
                """).orElseThrow().attachment());
    }
}
