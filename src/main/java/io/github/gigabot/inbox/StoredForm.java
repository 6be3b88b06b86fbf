package io.github.gigabot.inbox;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gigabot.chat.Attachment;
import io.github.gigabot.chat.ChatType;
import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.chat.Reply;
import io.github.gigabot.chat.TextEntity;

/**
 * The JSON shapes of a stored message and of a stored answer, versioned and spelled out field by
 * field, so that renaming a field of a {@code chat} record cannot strand the messages waiting in an
 * inbox across an upgrade. Change a shape only by adding a version and keeping the old one readable.
 */
final class StoredForm {

    /** The version written now. */
    static final int VERSION = 1;

    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);

    /**
     * A message, version 1. The names are those of the unversioned form that 0.1 wrote, which is
     * read as version 1.
     */
    record MessageV1(
            @JsonProperty("v") Integer version,
            @JsonProperty("updateId") long updateId,
            @JsonProperty("chatId") long chatId,
            @JsonProperty("chatType") String chatType,
            @JsonProperty("threadId") Integer threadId,
            @JsonProperty("messageId") int messageId,
            @JsonProperty("userId") long userId,
            @JsonProperty("languageCode") String languageCode,
            @JsonProperty("text") String text,
            @JsonProperty("entities") List<EntityV1> entities,
            @JsonProperty("replyToBot") boolean replyToBot,
            @JsonProperty("attachment") @JsonInclude(JsonInclude.Include.NON_NULL) AttachmentV1 attachment) {
    }

    /** The file a message carried; an optional field added to version 1, absent before. */
    record AttachmentV1(@JsonProperty("kind") String kind, @JsonProperty("fileId") String fileId,
                        @JsonProperty("fileName") String fileName, @JsonProperty("mimeType") String mimeType,
                        @JsonProperty("size") long size) {
    }

    record EntityV1(@JsonProperty("type") String type, @JsonProperty("offset") int offset, @JsonProperty("length") int length) {
    }

    /** An answer still to be delivered, version 1: its parts in order. */
    record AnswerV1(@JsonProperty("v") int version, @JsonProperty("parts") List<PartV1> parts) {
    }

    /** One part; {@code photo} (Base64 JPEG) was added to version 1 as an optional field, absent before. */
    record PartV1(
            @JsonProperty("chatId") long chatId,
            @JsonProperty("threadId") Integer threadId,
            @JsonProperty("replyTo") Integer replyTo,
            @JsonProperty("text") String text,
            @JsonProperty("format") String format,
            @JsonProperty("photo") @JsonInclude(JsonInclude.Include.NON_NULL) byte[] photo) {
    }

    String encodeMessage(IncomingMessage m) {
        List<EntityV1> entities = m.entities().stream().map(e -> new EntityV1(e.type(), e.offset(), e.length())).toList();
        return write(new MessageV1(VERSION, m.updateId(), m.chatId(), chatType(m.chatType()), m.threadId(), m.messageId(),
                m.userId(), m.languageCode(), m.text(), entities, m.replyToBot(),
                m.attachment() == null ? null : new AttachmentV1(m.attachment().kind().name(), m.attachment().fileId(),
                        m.attachment().fileName(), m.attachment().mimeType(), m.attachment().size())));
    }

    /** The message, or empty when the stored text is not a message this version can read. */
    Optional<IncomingMessage> decodeMessage(String stored) {
        try {
            MessageV1 m = json.readValue(stored, MessageV1.class);
            if (m == null || (m.version() != null && m.version() != VERSION)) {
                return Optional.empty();
            }
            List<TextEntity> entities = m.entities() == null ? List.of()
                    : m.entities().stream().map(e -> new TextEntity(e.type(), e.offset(), e.length())).toList();
            return Optional.of(new IncomingMessage(m.updateId(), m.chatId(), chatType(m.chatType()), m.threadId(),
                    m.messageId(), m.userId(), m.languageCode(), m.text(), entities, m.replyToBot(),
                    m.attachment() == null ? null : new Attachment(Attachment.Kind.valueOf(m.attachment().kind()),
                            m.attachment().fileId(), m.attachment().fileName(), m.attachment().mimeType(), m.attachment().size())));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    String encodeAnswer(List<Reply> parts) {
        return write(new AnswerV1(VERSION, parts.stream()
                .map(r -> new PartV1(r.chatId(), r.threadId(), r.replyToMessageId(), r.text(), r.format().name(),
                        r.photo() == null ? null : r.photo().jpeg()))
                .toList()));
    }

    /** The parts, or empty when there is no stored answer or it cannot be read (then it is asked again). */
    List<Reply> decodeAnswer(String stored) {
        if (stored == null) {
            return List.of();
        }
        try {
            AnswerV1 answer = json.readValue(stored, AnswerV1.class);
            if (answer == null || answer.version() != VERSION || answer.parts() == null) {
                return List.of();
            }
            return answer.parts().stream()
                    .map(p -> new Reply(p.chatId(), p.threadId(), p.replyTo(), p.text(), Reply.Format.valueOf(p.format()),
                            p.photo() == null ? null : new Reply.Photo(p.photo())))
                    .toList();
        } catch (JsonProcessingException | RuntimeException e) {
            return List.of();
        }
    }

    private static String chatType(ChatType type) {
        return type == ChatType.PRIVATE ? "PRIVATE" : "GROUP";
    }

    private static ChatType chatType(String stored) {
        switch (String.valueOf(stored)) {
            case "PRIVATE":
                return ChatType.PRIVATE;
            case "GROUP":
                return ChatType.GROUP;
            default:
                throw new IllegalArgumentException("unknown chat type " + stored);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }
}
