package io.github.gigabot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.gigabot.chat.AdminDirectory;
import io.github.gigabot.fakes.FakeTelegram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatAdminCacheTest {

    private static final long GROUP = -100;

    private FakeTelegram telegram;
    private final AtomicLong now = new AtomicLong(1_000_000);
    private ChatAdminCache cache;

    @BeforeEach
    void start() throws Exception {
        telegram = new FakeTelegram();
        cache = new ChatAdminCache(telegram.api(), Duration.ofMinutes(5), now::get);
    }

    @AfterEach
    void stop() throws Exception {
        telegram.close();
    }

    @Test
    void creatorsAndAdministratorsAreAdminsNobodyElse() throws Exception {
        String[] statuses = {"creator", "administrator", "member", "restricted", "left", "kicked"};
        boolean[] admin = {true, true, false, false, false, false};
        for (int i = 0; i < statuses.length; i++) {
            telegram.memberStatus(GROUP, i, statuses[i]);
            assertEquals(admin[i], cache.isAdmin(GROUP, i), statuses[i]);
        }
    }

    @Test
    void anAnswerIsRememberedUntilItExpires() throws Exception {
        telegram.memberStatus(GROUP, 7, "administrator");

        assertTrue(cache.isAdmin(GROUP, 7));
        telegram.memberStatus(GROUP, 7, "member");
        now.addAndGet(Duration.ofMinutes(5).toMillis() - 1);
        assertTrue(cache.isAdmin(GROUP, 7), "still remembered");
        assertEquals(1, telegram.calls("getChatMember").size());

        now.addAndGet(1);
        assertFalse(cache.isAdmin(GROUP, 7), "asked again once expired");
        assertEquals(2, telegram.calls("getChatMember").size());
        assertFalse(cache.isAdmin(GROUP, 7));
        assertEquals(2, telegram.calls("getChatMember").size());
    }

    @Test
    void eachUserInEachChatIsAskedAbout() throws Exception {
        telegram.memberStatus(GROUP, 7, "creator");

        assertTrue(cache.isAdmin(GROUP, 7));
        assertFalse(cache.isAdmin(GROUP, 8));
        assertFalse(cache.isAdmin(-200, 7));
        assertEquals(3, telegram.calls("getChatMember").size());
    }

    @Test
    void aFailedLookupIsReportedAndNotRemembered() throws Exception {
        telegram.script("getChatMember", FakeTelegram.error(400, "Bad Request: user not found"));
        telegram.memberStatus(GROUP, 7, "administrator");

        AdminDirectory.LookupFailed failure = assertThrows(AdminDirectory.LookupFailed.class, () -> cache.isAdmin(GROUP, 7));
        assertTrue(failure.getMessage().contains("400"), failure.getMessage());
        assertTrue(cache.isAdmin(GROUP, 7));
    }

    @Test
    void expiredAnswersAreDroppedOnceTheCacheIsBig() throws Exception {
        cache = new ChatAdminCache(telegram.api(), Duration.ofMinutes(5), now::get, 3);
        for (int user = 0; user < 4; user++) {
            cache.isAdmin(GROUP, user);
        }
        assertEquals(4, cache.size(), "the clean-up starts above 3");

        now.addAndGet(Duration.ofMinutes(5).toMillis() - 1);
        cache.isAdmin(GROUP, 10);
        assertEquals(5, cache.size(), "nothing has expired yet");

        now.addAndGet(1);
        cache.isAdmin(GROUP, 11);
        assertEquals(2, cache.size(), "the four expired answers are gone");
    }
}
