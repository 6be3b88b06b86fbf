package io.github.gigabot.chat;

/** Pictures the model drew, by the file id its answer names ({@code <img src="..."/>}). */
@FunctionalInterface
public interface ImageSource {

    /** The picture's bytes (JPEG). */
    byte[] image(String fileId) throws ModelException;
}
