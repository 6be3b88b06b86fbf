package io.github.gigabot.chat;

/** What the bot is busy with while a question is answered, for the chat to show. */
public enum Activity {
    /** Passing the user's photo on to GigaChat. */
    READING_PHOTO,
    /** Passing the user's document on to GigaChat. */
    READING_DOCUMENT,
    /** Passing the user's voice message or audio on to GigaChat. */
    READING_AUDIO,
    /** Waiting for the model's answer. */
    THINKING,
    /** Fetching the picture the model drew. */
    FETCHING_PICTURE
}
