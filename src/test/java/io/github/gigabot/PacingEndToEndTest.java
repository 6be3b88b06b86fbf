package io.github.gigabot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.gigabot.fakes.FakeTelegram.Call;
import io.github.gigabot.fakes.FakeTelegram.Sent;
import io.github.gigabot.fakes.FakeTelegram;
import org.junit.jupiter.api.Test;

/**
 * Telegram's send limits kept through the real wiring: the overall pace from
 * {@code telegram.max-messages-per-second}, one chat's pace, and a 429 obeyed for its chat only.
 * Only lower bounds on time are checked, so a slow machine cannot fail them.
 */
class PacingEndToEndTest extends EndToEndTest {

    private static long millisBetween(Call first, Call last) {
        return TimeUnit.NANOSECONDS.toMillis(last.receivedAt() - first.receivedAt());
    }

    @Test
    void answersToManyChatsGoOutNoFasterThanTheConfiguredRate() throws Exception {
        bot.setting("telegram.max-messages-per-second", "5").setting("gigachat.max-concurrency", "10")
                .setting("bot.streaming", "false").start();
        for (long user = 1; user <= 8; user++) {
            telegram.privateMessage(user, "ru", "вопрос " + user);
        }

        List<Sent> sent = telegram.awaitSent(8, WAIT);

        Set<String> answers = new HashSet<>();
        sent.forEach(reply -> answers.add(reply.chatId() + " " + reply.text()));
        for (long user = 1; user <= 8; user++) {
            assertTrue(answers.contains(user + " Ответ: вопрос " + user), answers.toString());
        }
        List<Call> calls = telegram.calls("sendMessage");
        assertEquals(8, calls.size());
        // 5 a second, evenly: 7 gaps of 200 ms, less a little for the way through loopback.
        assertTrue(millisBetween(calls.get(0), calls.get(7)) >= 7 * 200 - 50,
                "8 answers in " + millisBetween(calls.get(0), calls.get(7)) + " ms");
    }

    @Test
    void oneChatGetsAShortBurstThenOneMessageASecond() throws Exception {
        bot.setting("bot.streaming", "false").start();
        for (int i = 1; i <= 5; i++) {
            telegram.privateMessage(77, "ru", "раз " + i);
        }

        List<Sent> sent = telegram.awaitSent(5, WAIT);

        assertEquals(List.of("Ответ: раз 1", "Ответ: раз 2", "Ответ: раз 3", "Ответ: раз 4", "Ответ: раз 5"), texts(sent));
        List<Call> calls = telegram.calls("sendMessage");
        // Three may go at once; the fourth a second after the first, the fifth two seconds after.
        assertTrue(millisBetween(calls.get(0), calls.get(3)) >= 1_000 - 50, millisBetween(calls.get(0), calls.get(3)) + " ms");
        assertTrue(millisBetween(calls.get(0), calls.get(4)) >= 2_000 - 50, millisBetween(calls.get(0), calls.get(4)) + " ms");
    }

    @Test
    void aTooManyRequestsAnswerHoldsItsChatAndNotTheOthers() throws Exception {
        bot.setting("bot.streaming", "false").setting("gigachat.max-concurrency", "2").start();
        telegram.script("sendMessage", FakeTelegram.tooManyRequests(2));
        telegram.privateMessage(1, "ru", "первый");
        telegram.awaitSent(1, WAIT);
        telegram.privateMessage(2, "ru", "второй");

        List<Sent> sent = telegram.awaitSent(3, WAIT);

        assertEquals(List.of(new Sent(1, "Ответ: первый", null, null), new Sent(2, "Ответ: второй", null, null),
                new Sent(1, "Ответ: первый", null, null)), sent, "the other chat went first");
        List<Call> calls = telegram.calls("sendMessage");
        assertTrue(millisBetween(calls.get(0), calls.get(2)) >= 2_000 - 50,
                "retry_after 2 obeyed: " + millisBetween(calls.get(0), calls.get(2)) + " ms");
    }
}
