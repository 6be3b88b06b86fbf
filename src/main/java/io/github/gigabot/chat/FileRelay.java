package io.github.gigabot.chat;

import java.util.List;


/** Moves a file a user sent from Telegram into GigaChat's storage, and deletes it there when forgotten. */
public interface FileRelay {

    /**
     * Downloads the file and uploads it to GigaChat as it arrives.
     *
     * @param name     the name GigaChat gets (its extension tells GigaChat the type)
     * @param maxBytes the most the bot takes; a longer file fails with {@link FileTransferException.Reason#TOO_LARGE}
     * @return the file as GigaChat stored it
     */
    StoredFile upload(Attachment file, String name, String mimeType, long maxBytes) throws FileTransferException;

    /** Deletes files the bot uploaded; best effort, failures are logged. */
    void delete(List<String> gigachatFileIds);
}
