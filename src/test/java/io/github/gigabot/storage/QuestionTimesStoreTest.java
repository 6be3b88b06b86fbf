package io.github.gigabot.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.gigabot.chat.QuestionTimes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuestionTimesStoreTest {

    @TempDir
    Path dir;

    @Test
    void aRuleSeesTheUsersTimesOldestFirstAndWhatItLeavesIsKept() throws Exception {
        try (Database database = Database.open(dir)) {
            QuestionTimes times = new QuestionTimesStore(database);
            List<List<QuestionTimes.Asked>> seen = new ArrayList<>();

            assertEquals(7, times.apply(42, 1_000, asked -> {
                seen.add(List.copyOf(asked));
                asked.addLast(new QuestionTimes.Asked(1_000L, 11));
                return 7;
            }));
            times.apply(42, 2_000, asked -> {
                seen.add(List.copyOf(asked));
                asked.addLast(new QuestionTimes.Asked(Long.MAX_VALUE, Long.MIN_VALUE));
                asked.addFirst(new QuestionTimes.Asked(-5L, 0));
                return 0;
            });
            times.apply(42, 3_000, asked -> {
                seen.add(List.copyOf(asked));
                asked.clear();
                return 0;
            });
            times.apply(42, 4_000, asked -> {
                seen.add(List.copyOf(asked));
                return 0;
            });
            times.apply(-1_001_234_567_890L, 4_000, asked -> {
                seen.add(List.copyOf(asked));
                return 0;
            });

            assertEquals(List.of(List.of(), List.of(new QuestionTimes.Asked(1_000L, 11)), List.of(new QuestionTimes.Asked(-5L, 0),
                new QuestionTimes.Asked(1_000L, 11), new QuestionTimes.Asked(Long.MAX_VALUE, Long.MIN_VALUE)), List.of(), List.of()), seen);
        }
    }

    @Test
    void usersIdleSinceAMomentAreForgottenAndTheOthersKept() throws Exception {
        try (Database database = Database.open(dir)) {
            QuestionTimes times = new QuestionTimesStore(database);
            times.apply(1, 1_000, asked -> {
                asked.add(new QuestionTimes.Asked(1_000L, 1));
                return 0;
            });
            times.apply(2, 2_000, asked -> {
                asked.add(new QuestionTimes.Asked(2_000L, 2));
                return 0;
            });

            assertEquals(1, times.forgetIdle(1_000));
            assertEquals(0, times.forgetIdle(1_000));

            List<QuestionTimes.Asked> left = new ArrayList<>();
            times.apply(1, 3_000, asked -> {
                left.addAll(asked);
                return 0;
            });
            times.apply(2, 3_000, asked -> {
                left.addAll(asked);
                return 0;
            });
            assertEquals(List.of(new QuestionTimes.Asked(2_000L, 2)), left, "user 1 starts afresh; user 2's time was kept");
        }
    }

    @Test
    void aDatabaseIsReachableUntilClosed() throws Exception {
        Database database = Database.open(dir);
        assertTrue(database.reachable());
        database.close();
        assertFalse(database.reachable());
    }
}
