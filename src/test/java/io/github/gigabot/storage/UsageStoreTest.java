package io.github.gigabot.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import io.github.gigabot.chat.TokenUsage;
import io.github.gigabot.chat.Usage.UserTotal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageStoreTest {

    private static final LocalDate NOV_30 = LocalDate.parse("2026-11-30");
    private static final LocalDate DEC_1 = LocalDate.parse("2026-12-01");
    private static final LocalDate DEC_2 = LocalDate.parse("2026-12-02");
    private static final long GROUP = -1001234567890L;

    @TempDir
    Path dir;

    private Database database;
    private UsageStore usage;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(dir);
        usage = new UsageStore(database);
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    @Test
    void nothingSpentIsZero() throws Exception {
        assertEquals(0, usage.userTotal(7, NOV_30, DEC_2));
        assertEquals(0, usage.chatTotal(7, NOV_30, DEC_2));
        assertEquals(0, usage.botTotal(NOV_30, DEC_2));
        assertEquals(List.of(), usage.topUsers(NOV_30, DEC_2, 10));
    }

    @Test
    void sumsAddUpPerDayChatAndUserWithBothEndsIncluded() throws Exception {
        usage.add(NOV_30, 7, 7, new TokenUsage(90, 10, 100));
        usage.add(DEC_1, 7, 7, new TokenUsage(15, 5, 20));
        usage.add(DEC_1, 7, 7, new TokenUsage(2, 1, 3));
        usage.add(DEC_1, GROUP, 7, new TokenUsage(300, 100, 400));
        usage.add(DEC_1, GROUP, 8, new TokenUsage(4000, 1000, 5000));
        usage.add(DEC_2, GROUP, 8, new TokenUsage(1, 1, 2));

        assertEquals(423, usage.userTotal(7, DEC_1, DEC_1), "both of user 7's chats that day");
        assertEquals(523, usage.userTotal(7, NOV_30, DEC_2));
        assertEquals(100, usage.userTotal(7, NOV_30, NOV_30));
        assertEquals(0, usage.userTotal(7, DEC_2, DEC_2));
        assertEquals(5_400, usage.chatTotal(GROUP, DEC_1, DEC_1), "everyone in the group");
        assertEquals(123, usage.chatTotal(7, NOV_30, DEC_1));
        assertEquals(5_423, usage.botTotal(DEC_1, DEC_1));
        assertEquals(5_525, usage.botTotal(NOV_30, DEC_2));
        assertEquals(0, usage.botTotal(DEC_2, DEC_1), "an empty range");
    }

    @Test
    void theTopSpendersComeMostFirstTiesByIdAndLimited() throws Exception {
        usage.add(DEC_1, 1, 1, new TokenUsage(0, 0, 50));
        usage.add(DEC_1, 2, 2, new TokenUsage(0, 0, 300));
        usage.add(DEC_1, GROUP, 3, new TokenUsage(0, 0, 100));
        usage.add(DEC_1, GROUP, 1, new TokenUsage(0, 0, 50));
        usage.add(DEC_1, 4, 4, new TokenUsage(0, 0, 100));
        usage.add(DEC_2, 5, 5, new TokenUsage(0, 0, 9_999));

        assertEquals(List.of(new UserTotal(2, 300), new UserTotal(1, 100), new UserTotal(3, 100), new UserTotal(4, 100)),
                usage.topUsers(DEC_1, DEC_1, 10));
        assertEquals(List.of(new UserTotal(5, 9_999), new UserTotal(2, 300)), usage.topUsers(DEC_1, DEC_2, 2));
    }

    @Test
    void promptAndAnswerTokensAreKeptToo() throws Exception {
        usage.add(DEC_1, 7, 7, new TokenUsage(15, 5, 20));
        usage.add(DEC_1, 7, 7, new TokenUsage(2, 1, 3));

        List<Long> row = database.withConnection(c -> {
            try (var rs = c.createStatement().executeQuery(
                    "SELECT prompt_tokens, completion_tokens, total_tokens FROM token_usage WHERE day = '2026-12-01'")) {
                rs.next();
                return List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        });
        assertEquals(List.of(17L, 6L, 23L), row);
    }
}
