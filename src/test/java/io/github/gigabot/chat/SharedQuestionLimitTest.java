package io.github.gigabot.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.github.gigabot.fakes.PostgresServer;
import io.github.gigabot.storage.Database;
import io.github.gigabot.storage.QuestionTimesStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bot.rate-limit counted in the database: the same sliding minute, across instances. */
class SharedQuestionLimitTest {

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final AtomicLong updates = new AtomicLong(500_000_000L);

    /** A question in a message of its own. */
    private long ask(QuestionLimit limit, long user) {
        return limit.tryAsk(user, updates.incrementAndGet());
    }

    @Test
    void aSlidingMinutePerUserKeptInTheDatabase() throws Exception {
        try (Database database = Database.open(dir)) {
            SharedQuestionLimit limit = new SharedQuestionLimit(2, new QuestionTimesStore(database), now::get);
            assertEquals(0, ask(limit, 7));
            now.addAndGet(30_000);
            assertEquals(0, ask(limit, 7));
            assertEquals(30, ask(limit, 7), "the first question leaves the window in 30 s");
            assertEquals(0, ask(limit, -1_001_234_567_890L), "per user; group-sized ids too");
            now.addAndGet(29_001);
            assertEquals(1, ask(limit, 7), "rounded up to a whole second");
            now.addAndGet(999);
            assertEquals(0, ask(limit, 7));
            assertEquals(30, ask(limit, 7), "refusals are not counted");
        }
    }

    @Test
    void theTimesSurviveARestart() throws Exception {
        try (Database database = Database.open(dir)) {
            ask(new SharedQuestionLimit(1, new QuestionTimesStore(database), now::get), 7);
        }
        try (Database database = Database.open(dir)) {
            assertEquals(60, ask(new SharedQuestionLimit(1, new QuestionTimesStore(database), now::get), 7));
        }
    }

    @Test
    void noLimitWritesNothingAndIdleUsersAreForgotten() throws Exception {
        try (Database database = Database.open(dir)) {
            QuestionTimes times = new QuestionTimesStore(database);
            assertEquals(0, ask(new SharedQuestionLimit(0, times, now::get), 7));
            SharedQuestionLimit limit = new SharedQuestionLimit(1, times, now::get);
            ask(limit, 8);
            now.addAndGet(30_000);
            ask(limit, 9);
            now.addAndGet(30_000);

            limit.forgetIdle();

            assertEquals(List.of(9L), users(database), "8 asked a minute ago, 7 never counted");
            assertEquals(0, ask(limit, 8));
        }
    }

    @Test
    void aDatabaseThatFailsLetsTheQuestionThrough() throws Exception {
        Database database = Database.open(dir);
        SharedQuestionLimit limit = new SharedQuestionLimit(1, new QuestionTimesStore(database), now::get);
        database.close();
        assertEquals(0, ask(limit, 7));
        assertEquals(0, ask(limit, 7), "not counted, so not refused either");
    }

    @Test
    void instancesSharingPostgresCountAUsersQuestionsTogether() throws Exception {
        PostgresServer server = PostgresServer.shared();
        String name = server.createDatabase();
        try (Database a = Database.connect(server.jdbcUrl(name), server.user(), server.password());
             Database b = Database.connect(server.jdbcUrl(name), server.user(), server.password())) {
            List<SharedQuestionLimit> instances = List.of(new SharedQuestionLimit(20, new QuestionTimesStore(a), now::get),
                    new SharedQuestionLimit(20, new QuestionTimesStore(b), now::get));
            ExecutorService askers = Executors.newFixedThreadPool(8);
            List<Callable<Long>> questions = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                SharedQuestionLimit instance = instances.get(i % 2);
                long update = i;
                questions.add(() -> instance.tryAsk(42, update));
            }
            long admitted = 0;
            for (Future<Long> answer : askers.invokeAll(questions)) {
                admitted += answer.get() == 0 ? 1 : 0;
            }
            askers.shutdown();
            assertEquals(20, admitted, "100 questions at once through two instances, a limit of 20");
        }
    }

    private static List<Long> users(Database database) throws StorageException {
        return database.withConnection(connection -> {
            List<Long> ids = new ArrayList<>();
            try (var rows = connection.createStatement().executeQuery("SELECT user_id FROM question_times ORDER BY user_id")) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        });
    }

    @Test
    void aMessageScreenedAgainByTheInstanceThatTookItsChatOverIsCountedOnce() throws Exception {
        try (Database database = Database.open(dir)) {
            SharedQuestionLimit limit = new SharedQuestionLimit(2, new QuestionTimesStore(database), now::get);
            assertEquals(0, limit.tryAsk(7, 1001));
            assertEquals(0, limit.tryAsk(7, 1002));
            now.addAndGet(5_000);

            assertEquals(0, limit.tryAsk(7, 1001), "the same question, screened again");
            assertEquals(0, limit.tryAsk(7, 1002));
            assertEquals(55, limit.tryAsk(7, 1003), "a new one is over the limit");
            assertEquals(55, limit.tryAsk(7, 1003), "and still refused, not counted");
        }
    }
}
