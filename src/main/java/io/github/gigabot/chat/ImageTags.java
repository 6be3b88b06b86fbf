package io.github.gigabot.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the pictures in a model's answer: GigaChat's text2image answers with
 * {@code <img src="<file id>" fuse="true"/>} inside the text. The tags never reach the user: the
 * pictures are sent as photos and the tags are cut out of the text, also from a draft still being
 * written, where a tag may be half there.
 */
final class ImageTags {

    /** Pictures sent for one answer; GigaChat draws one per request. */
    static final int MAX_IMAGES = 4;

    private static final Pattern TAG = Pattern.compile("<img\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern SOURCE = Pattern.compile("\\bsrc\\s*=\\s*[\"']([^\"']*)[\"']", Pattern.CASE_INSENSITIVE);
    /** A tag the answer broke off in: no picture, and no half a tag shown either. */
    private static final Pattern CUT_OFF = Pattern.compile("<img\\b[^>]*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern UNFINISHED = Pattern.compile("<(i(m(g\\b[^>]*)?)?)?$", Pattern.CASE_INSENSITIVE);

    /** An answer split into its text and the file ids of its pictures, in order, without repeats. */
    record Drawn(String text, List<String> fileIds) {
    }

    private ImageTags() {
    }

    static Drawn extract(String answer) {
        List<String> ids = new ArrayList<>();
        Matcher tags = TAG.matcher(answer);
        StringBuilder text = new StringBuilder();
        while (tags.find()) {
            Matcher source = SOURCE.matcher(tags.group());
            if (source.find() && !source.group(1).isBlank() && !ids.contains(source.group(1)) && ids.size() < MAX_IMAGES) {
                ids.add(source.group(1).strip());
            }
            tags.appendReplacement(text, "");
        }
        tags.appendTail(text);
        return new Drawn(tidy(CUT_OFF.matcher(text).replaceFirst("")), List.copyOf(ids));
    }

    /** A draft's text without its pictures' tags, whole or still arriving. */
    static String withoutTags(String textSoFar) {
        String text = TAG.matcher(textSoFar).replaceAll("");
        return UNFINISHED.matcher(text).replaceFirst("");
    }

    /** "Вот картинка:  - готово" reads oddly once the tag is gone: collapse what it leaves. */
    private static String tidy(String text) {
        return text.replaceAll("[ \\t]{2,}", " ").strip();
    }
}
