package io.github.gigabot.telegram;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.github.gigabot.chat.Attachment;
import io.github.gigabot.chat.ChatType;
import io.github.gigabot.chat.IncomingMessage;
import io.github.gigabot.chat.TextEntity;
import org.telegram.telegrambots.meta.api.objects.Audio;
import org.telegram.telegrambots.meta.api.objects.Document;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.Voice;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;

/**
 * Turns a TelegramBots {@link Update} into the library-free {@link IncomingMessage} the chat logic
 * works with, or nothing for updates the bot does not answer (edits, channel posts, stickers,
 * membership changes, service messages).
 */
public final class UpdateMapper {

    /** GroupAnonymousBot, Channel_Bot and Telegram's service account, which stand in for chats. */
    private static final Set<Long> PLACEHOLDERS = Set.of(1087968824L, 136817688L, 777000L);

    private final long botUserId;

    /** @param botUserId the bot's own user id, to recognise replies to the bot's messages */
    public UpdateMapper(long botUserId) {
        this.botUserId = botUserId;
    }

    public Optional<IncomingMessage> map(Update update) {
        if (update == null || !update.hasMessage()) {
            return Optional.empty();
        }
        Message message = update.getMessage();
        if (message.getChat() == null || message.getMessageId() == null) {
            return Optional.empty();
        }
        Optional<ChatType> chatType = chatType(message.getChat().getType());
        if (chatType.isEmpty()) {
            return Optional.empty();
        }
        String text;
        List<MessageEntity> entities;
        Attachment attachment = attachment(message);
        if (message.getText() != null) {
            text = message.getText();
            entities = message.getEntities();
        } else if (message.getCaption() != null) {
            text = message.getCaption();
            entities = message.getCaptionEntities();
        } else if (attachment != null) {
            text = "";
            entities = List.of();
        } else {
            return Optional.empty();
        }
        Optional<Long> sender = sender(message);
        if (sender.isEmpty()) {
            return Optional.empty();
        }
        User from = message.getFrom();
        String language = from != null && sender.get().equals(from.getId()) ? from.getLanguageCode() : null;
        // Outside forum topics message_thread_id names a reply thread, and sending into it fails.
        Integer threadId = message.isTopicMessage() ? message.getMessageThreadId() : null;
        return Optional.of(new IncomingMessage(
                update.getUpdateId(),
                message.getChat().getId(),
                chatType.get(),
                threadId,
                message.getMessageId(),
                sender.get(),
                language,
                text,
                entities == null ? List.of() : entities.stream().map(UpdateMapper::entity).toList(),
                repliesToBot(message),
                attachment));
    }

    /**
     * The file a message carries, as Telegram describes it: a photo's largest size, a document, a
     * voice message or an audio file; anything else a user sends instead of text (a video, a
     * sticker, a location...) as unsupported. Null for a message of text alone (or a service message).
     */
    private static Attachment attachment(Message message) {
        if (message.hasPhoto()) {
            PhotoSize largest = message.getPhoto().stream()
                    .max(Comparator.comparingLong(UpdateMapper::pixels)).orElseThrow();
            return new Attachment(Attachment.Kind.PHOTO, largest.getFileId(), null, "image/jpeg", size(largest.getFileSize()));
        }
        if (message.hasDocument()) {
            Document document = message.getDocument();
            return new Attachment(Attachment.Kind.DOCUMENT, document.getFileId(), document.getFileName(), document.getMimeType(),
                    size(document.getFileSize()));
        }
        if (message.hasVoice()) {
            Voice voice = message.getVoice();
            return new Attachment(Attachment.Kind.VOICE, voice.getFileId(), null, voice.getMimeType(), size(voice.getFileSize()));
        }
        if (message.hasAudio()) {
            Audio audio = message.getAudio();
            return new Attachment(Attachment.Kind.AUDIO, audio.getFileId(), audio.getFileName(), audio.getMimeType(),
                    size(audio.getFileSize()));
        }
        boolean other = message.hasVideo() || message.hasVideoNote() || message.hasSticker() || message.hasAnimation()
                || message.hasLocation() || message.hasContact() || message.hasPoll() || message.getDice() != null
                || message.getVenue() != null;
        return other ? Attachment.unsupported() : null;
    }

    private static long pixels(PhotoSize size) {
        long area = (long) (size.getWidth() == null ? 0 : size.getWidth()) * (size.getHeight() == null ? 0 : size.getHeight());
        return area > 0 ? area : size(size.getFileSize());
    }

    private static long size(Number bytes) {
        return bytes == null || bytes.longValue() < 0 ? 0 : bytes.longValue();
    }

    /**
     * Who sent the message: {@code sender_chat} when Telegram names one (an anonymous administrator
     * writes as the group itself, a user may post as a channel, a linked channel forwards), else the
     * user in {@code from}. The placeholder accounts Telegram puts in {@code from} for those cases
     * are never taken for a sender: limits and allow-lists keyed on them would lump strangers
     * together. Empty when there is no real sender to answer.
     */
    private static Optional<Long> sender(Message message) {
        if (message.getSenderChat() != null && message.getSenderChat().getId() != null) {
            return Optional.of(message.getSenderChat().getId());
        }
        User from = message.getFrom();
        if (from == null || from.getId() == null || PLACEHOLDERS.contains(from.getId())) {
            return Optional.empty();
        }
        return Optional.of(from.getId());
    }

    private boolean repliesToBot(Message message) {
        Message replied = message.getReplyToMessage();
        return replied != null && replied.getFrom() != null && replied.getFrom().getId() != null
                && replied.getFrom().getId() == botUserId;
    }

    private static TextEntity entity(MessageEntity entity) {
        return new TextEntity(entity.getType(),
                entity.getOffset() == null ? -1 : entity.getOffset(),
                entity.getLength() == null ? 0 : entity.getLength());
    }

    private static Optional<ChatType> chatType(String type) {
        if (type == null) {
            return Optional.empty();
        }
        switch (type) {
            case "private":
                return Optional.of(ChatType.PRIVATE);
            case "group":
            case "supergroup":
                return Optional.of(ChatType.GROUP);
            default:
                return Optional.empty();
        }
    }
}
