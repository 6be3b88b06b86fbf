package io.github.gigabot.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;

class ImageTagsTest {

    private static final String ID = "b28fbd4f-105a-43e0-ba5a-2faa80b1f43c";

    @Test
    void gigachatsTagIsFoundAndCutOut() {
        assertEquals(new ImageTags.Drawn("Запускаю генерацию изображения. - вот ваш кот.", List.of(ID)),
                ImageTags.extract("Запускаю генерацию изображения. <img src=\"" + ID + "\" fuse=\"true\"/> - вот ваш кот."));
    }

    @Test
    void textWithoutTagsIsLeftAsItWas() {
        assertEquals(new ImageTags.Drawn("a < b, **жирный** 🐈", List.of()), ImageTags.extract("a < b, **жирный** 🐈"));
        assertEquals(new ImageTags.Drawn("", List.of()), ImageTags.extract(""));
    }

    @Test
    void variantsOfTheTagAreRead() {
        assertEquals(List.of("a", "b", "c"), ImageTags.extract("<IMG SRC='a'> <img fuse=\"true\" src = \"b\" /><img src=\"c\">").fileIds());
    }

    @Test
    void repeatsAndBlanksCountOnceOrNotAtAllAndAtMostFourArePictures() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            many.append("<img src=\"id").append(i % 7).append("\"/>");
        }
        ImageTags.Drawn drawn = ImageTags.extract("<img src=\"\"/><img alt=\"x\"/>" + many + "конец");
        assertEquals(List.of("id0", "id1", "id2", "id3"), drawn.fileIds());
        assertEquals("конец", drawn.text(), "every tag is cut, also those not fetched");
    }

    @Test
    void hostileSourcesAreOnlyIdsToBeCheckedNeverMarkup() {
        ImageTags.Drawn drawn = ImageTags.extract("<img src=\"javascript:alert(1)\" onerror=\"x\"/><img src=\"../../oauth\"/>текст");
        assertEquals(List.of("javascript:alert(1)", "../../oauth"), drawn.fileIds(), "passed on, for the file store to refuse");
        assertEquals("текст", drawn.text());
        assertFalse(ImageTags.extract("<img src=\"x\"" + " ".repeat(100_000)).text().contains("<img src"), "huge: no tag survives");
    }

    @Test
    void aHalfWrittenTagIsHiddenFromADraft() {
        for (String partial : List.of("<", "<i", "<im", "<img", "<img ", "<img src=\"b28f", "<img src=\"" + ID + "\" fuse=\"true\"/")) {
            assertEquals("Рисую. ", ImageTags.withoutTags("Рисую. " + partial), partial);
        }
        assertEquals("x <b", ImageTags.withoutTags("x <b"));
        assertEquals("<imgur> ok", ImageTags.withoutTags("<imgur> ok"));
    }
}
