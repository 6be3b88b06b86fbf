package io.github.gigabot.chat;


/**
 * What the bot asks of GigaChat.
 *
 * @param chat   answers questions
 * @param models lists the models a chat may choose
 * @param images hands over the pictures the model drew
 * @param files  carries the files users send into GigaChat's storage, and removes them
 */
public record ModelAccess(ChatModel chat, ModelCatalog models, ImageSource images, FileRelay files) {
}
