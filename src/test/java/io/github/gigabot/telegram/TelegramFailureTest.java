package io.github.gigabot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TelegramFailureTest {

    @Test
    void onlyUnauthorizedAndNotFoundMeanTheTokenIsRejected() {
        assertTrue(new TelegramFailure(401, "m", null).tokenRejected());
        assertTrue(new TelegramFailure(404, "m", null).tokenRejected());
        for (int code : new int[] {0, 400, 403, 409, 429, 500, 502}) {
            assertFalse(new TelegramFailure(code, "m", null).tokenRejected(), "code " + code);
        }
    }

    @Test
    void aMissingDescriptionIsEmpty() {
        TelegramFailure failure = new TelegramFailure(429, "sendMessage failed", null, 5, null);

        assertEquals("", failure.description());
        assertEquals(5, failure.retryAfterSeconds());
        assertEquals("", new TelegramFailure(0, "m", null).description());
        assertNull(new TelegramFailure(0, "m", null).retryAfterSeconds());
    }
}
