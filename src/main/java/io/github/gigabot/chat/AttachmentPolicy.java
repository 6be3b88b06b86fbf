package io.github.gigabot.chat;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which files GigaChat can read, and how large: images (jpeg, png, tiff, bmp) up to 15 MB, audio
 * (mp3, m4a, wav, ogg, opus, weba, mp4) up to 35 MB, text documents (txt, pdf, doc, docx, epub, ppt,
 * pptx, xlsx) up to 40 MB, and never more than a bot may download from Telegram's cloud (20 MB).
 * Decided from what Telegram says, before anything is downloaded.
 */
final class AttachmentPolicy {

    /** What GigaChat makes of a file. */
    enum Use {
        IMAGE, AUDIO, DOCUMENT
    }

    /** Telegram's cloud Bot API lets a bot download at most this much. */
    static final long TELEGRAM_DOWNLOAD_LIMIT = 20L * 1024 * 1024;

    private static final long MB = 1024L * 1024;
    private static final Map<Use, Long> GIGACHAT_LIMITS = Map.of(Use.IMAGE, 15 * MB, Use.AUDIO, 35 * MB, Use.DOCUMENT, 40 * MB);
    private static final Set<String> IMAGES = Set.of("jpg", "jpeg", "png", "tif", "tiff", "bmp");
    private static final Set<String> AUDIO = Set.of("mp3", "m4a", "wav", "ogg", "oga", "opus", "weba", "mp4");
    private static final Set<String> DOCUMENTS = Set.of("txt", "pdf", "doc", "docx", "epub", "ppt", "pptx", "xlsx");
    private static final Map<String, String> IMAGE_TYPES = Map.of("image/jpeg", "jpg", "image/png", "png", "image/tiff", "tiff",
            "image/bmp", "bmp");

    private static final Map<String, String> MIME_TYPES = Map.ofEntries(
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
            Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"), Map.entry("bmp", "image/bmp"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("m4a", "audio/mp4"), Map.entry("mp4", "audio/mp4"),
            Map.entry("wav", "audio/wav"), Map.entry("ogg", "audio/ogg"), Map.entry("oga", "audio/ogg"),
            Map.entry("opus", "audio/ogg"), Map.entry("weba", "audio/webm"),
            Map.entry("txt", "text/plain"), Map.entry("pdf", "application/pdf"), Map.entry("doc", "application/msword"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("epub", "application/epub+zip"), Map.entry("ppt", "application/vnd.ms-powerpoint"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    /** What may stay of a sender's file name: letters of any script, digits, a few marks. */
    private static final java.util.regex.Pattern UNSAFE_NAME = java.util.regex.Pattern.compile("[^\\p{L}\\p{N} ._()-]");

    /** How GigaChat would read the file, or empty when it cannot. */
    Optional<Use> use(Attachment file) {
        switch (file.kind()) {
            case PHOTO:
                return Optional.of(Use.IMAGE);
            case VOICE:
                return Optional.of(Use.AUDIO);
            case AUDIO:
            case DOCUMENT:
                return byType(file);
            default:
                return Optional.empty();
        }
    }

    /** The largest file of this use the bot takes. */
    long limit(Use use) {
        return Math.min(GIGACHAT_LIMITS.get(use), TELEGRAM_DOWNLOAD_LIMIT);
    }

    /** True when Telegram says the file is larger than the bot takes. */
    boolean tooLarge(Attachment file, Use use) {
        return file.size() > limit(use);
    }

    /**
     * The name GigaChat gets: the sender's, stripped of anything but letters, digits and a few marks,
     * kept short, with an extension GigaChat recognises; a made-up one for photos and voice messages.
     */
    String uploadName(Attachment file) {
        String extension = extension(file);
        String base = file.fileName() == null ? "" : file.fileName();
        int dot = base.lastIndexOf('.');
        base = UNSAFE_NAME.matcher(dot < 0 ? base : base.substring(0, dot)).replaceAll("_").replaceFirst("^[._ ]+", "").strip();
        if (base.isEmpty() || base.chars().allMatch(c -> c == '_' || c == '.')) {
            base = file.kind() == Attachment.Kind.PHOTO ? "photo" : file.kind() == Attachment.Kind.VOICE ? "voice" : "file";
        }
        base = base.codePointCount(0, base.length()) > 100 ? base.substring(0, base.offsetByCodePoints(0, 100)) : base;
        return base + "." + extension;
    }

    /** The MIME type GigaChat gets, from the extension (senders' MIME types are often vague). */
    String mimeType(Attachment file) {
        return MIME_TYPES.getOrDefault(extension(file), "application/octet-stream");
    }

    /** The extension that says what the file is: a photo is a JPEG, a voice message OGG. */
    private static String extension(Attachment file) {
        switch (file.kind()) {
            case PHOTO:
                return "jpg";
            case VOICE:
                return "ogg";
            default:
                String extension = file.extension();
                if (extension.isEmpty() && file.mimeType() != null) {
                    return IMAGE_TYPES.getOrDefault(file.mimeType().toLowerCase(Locale.ROOT),
                            file.kind() == Attachment.Kind.AUDIO ? "mp3" : "");
                }
                return extension;
        }
    }

    private static Optional<Use> byType(Attachment file) {
        String extension = extension(file);
        if (IMAGES.contains(extension)) {
            return Optional.of(Use.IMAGE);
        }
        if (AUDIO.contains(extension) || (extension.isEmpty() && file.kind() == Attachment.Kind.AUDIO)) {
            return Optional.of(Use.AUDIO);
        }
        return DOCUMENTS.contains(extension) ? Optional.of(Use.DOCUMENT) : Optional.empty();
    }
}
