package io.github.gigabot.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import io.github.gigabot.chat.History.Turn;
import io.github.gigabot.chat.History;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conversations in the real SQLite file. */
class HistoryStoreTest {

    @TempDir
    Path dir;

    private Database database;
    private HistoryStore history;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(dir);
        history = new HistoryStore(database);
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    private static List<Turn> exchange(String question, String answer) {
        return List.of(new Turn("user", question), new Turn("assistant", answer));
    }

    @Test
    void recentTurnsComeOldestFirstUpToTheLimit() throws Exception {
        history.append(1, null, exchange("привет 👋", "здравствуйте"), 100);
        history.append(1, null, exchange("как дела?", "отлично"), 100);

        assertEquals(List.of(new Turn("user", "привет 👋"), new Turn("assistant", "здравствуйте"),
                new Turn("user", "как дела?"), new Turn("assistant", "отлично")), history.recent(1, null, 10));
        assertEquals(List.of(new Turn("user", "как дела?"), new Turn("assistant", "отлично")), history.recent(1, null, 2),
                "the latest ones when limited");
        assertEquals(List.of(), history.recent(1, null, 0));
    }

    @Test
    void appendKeepsOnlyTheLatestMessagesOfThatConversation() throws Exception {
        history.append(2, null, exchange("other chat", "kept"), 10);
        for (int i = 1; i <= 5; i++) {
            history.append(1, null, exchange("q" + i, "a" + i), 4);
        }

        assertEquals(List.of(new Turn("user", "q4"), new Turn("assistant", "a4"), new Turn("user", "q5"), new Turn("assistant", "a5")),
                history.recent(1, null, 100));
        assertEquals(exchange("other chat", "kept"), history.recent(2, null, 100), "other chats are not trimmed");
    }

    @Test
    void forumTopicsAreConversationsOfTheirOwn() throws Exception {
        history.append(-100, null, exchange("general", "g"), 10);
        history.append(-100, 7, exchange("topic seven", "t7"), 10);
        history.append(-100, 8, exchange("topic eight", "t8"), 10);

        assertEquals(exchange("general", "g"), history.recent(-100, null, 10));
        assertEquals(exchange("topic seven", "t7"), history.recent(-100, 7, 10));
        assertEquals(new History.Forgotten(2, List.of()), history.clear(-100, 7));
        assertEquals(List.of(), history.recent(-100, 7, 10));
        assertEquals(exchange("topic eight", "t8"), history.recent(-100, 8, 10), "clearing one topic leaves the others");
        assertEquals(new History.Forgotten(0, List.of()), history.clear(-100, 7), "nothing left to clear");
    }

    @Test
    void hugeAndHostileContentIsStoredAsItIs() throws Exception {
        String huge = "я".repeat(200_000);
        String hostile = "'); DROP TABLE history; --\u0000<b>\uD83D\uDE00";
        history.append(1, null, exchange(huge, hostile), 10);

        assertEquals(exchange(huge, hostile), history.recent(1, null, 10));
    }

    @Test
    void filesStayWithTheirMessageAndAreNamedWhenForgotten() throws Exception {
        List<History.Turn> withPhoto = List.of(new History.Turn("user", "что на фото?", List.of("f1"), 300_000),
                new History.Turn("assistant", "кот"));
        assertEquals(new History.Forgotten(0, List.of()), history.append(1, null, withPhoto, 4));
        assertEquals(withPhoto, history.recent(1, null, 10));

        history.append(1, null, List.of(new History.Turn("user", "и документ", List.of("f2", "f3"), 7_000_000),
                new History.Turn("assistant", "прочитал")), 4);
        History.Forgotten trimmed = history.append(1, null, exchange("дальше", "ок"), 4);

        assertEquals(new History.Forgotten(2, List.of("f1")), trimmed, "the oldest exchange and its photo left");
        assertEquals(List.of("f2", "f3"), history.recent(1, null, 10).get(0).attachments());
        assertEquals(7_000_000, history.recent(1, null, 10).get(0).attachmentBytes());
        assertEquals(new History.Forgotten(4, List.of("f2", "f3")), history.clear(1, null));
    }
}
