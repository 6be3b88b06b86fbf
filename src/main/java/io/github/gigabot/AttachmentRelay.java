package io.github.gigabot;

import java.util.List;

import io.github.gigabot.chat.Attachment;
import io.github.gigabot.chat.FileRelay;
import io.github.gigabot.chat.FileTransferException.Reason;
import io.github.gigabot.chat.FileTransferException;
import io.github.gigabot.chat.StoredFile;
import io.github.gigabot.gigachat.FileStorage;
import io.github.gigabot.gigachat.GigaChatException;
import io.github.gigabot.telegram.TelegramFailure;
import io.github.gigabot.telegram.TelegramFiles;

/**
 * Streams a file from Telegram straight into GigaChat's storage: the download is read as the
 * upload goes, so a 20 MB document is never held whole in memory.
 */
final class AttachmentRelay implements FileRelay {

    private final TelegramFiles telegram;
    private final FileStorage gigachat;

    AttachmentRelay(TelegramFiles telegram, FileStorage gigachat) {
        this.telegram = telegram;
        this.gigachat = gigachat;
    }

    @Override
    public StoredFile upload(Attachment file, String name, String mimeType, long maxBytes) throws FileTransferException {
        if (file.fileId() == null) {
            throw new FileTransferException(Reason.DOWNLOAD, "the message names no file to download", null);
        }
        try (TelegramFiles.Download download = telegram.open(file.fileId())) {
            if (download.size() > maxBytes) {
                throw new FileTransferException(Reason.TOO_LARGE, name + " is " + download.size() + " bytes", null);
            }
            return gigachat.upload(name, mimeType, download.content(), download.size(), maxBytes);
        } catch (TelegramFailure e) {
            Reason reason = e.description().toLowerCase(java.util.Locale.ROOT).contains("too big") ? Reason.TOO_LARGE : Reason.DOWNLOAD;
            throw new FileTransferException(reason, "Telegram did not hand over " + name + ": " + e.getMessage(), e);
        } catch (GigaChatException e) {
            Reason reason = e.kind() == GigaChatException.Kind.TOO_LARGE ? Reason.TOO_LARGE : Reason.UPLOAD;
            throw new FileTransferException(reason, "GigaChat did not take " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(List<String> gigachatFileIds) {
        gigachatFileIds.forEach(gigachat::delete);
    }
}
