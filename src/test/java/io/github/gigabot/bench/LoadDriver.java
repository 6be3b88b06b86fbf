package io.github.gigabot.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plays the users: every question comes from a chat that never wrote before (so per-chat limits
 * never matter), and every answer is checked against what that chat asked. Two shapes of load: one
 * question at a time with a pause after each answer, and many chats asking at the same instant.
 */
final class LoadDriver {

    private static final Duration ONE_ANSWER_TIMEOUT = Duration.ofSeconds(30);

    /** What a burst left behind: how long until the last answer, and how many came. */
    record Burst(int chats, int delivered, double seconds, Map<String, Long> calls, long tooManyRequests) {
    }

    /** One-at-a-time overhead: sendMessage arrival minus the moment the update became available. */
    record Loop(List<Long> overheadNanos, Map<String, Long> calls) {
    }

    private final StandInTelegram telegram;
    private final List<String> problems;
    private long nextChatId;

    /**
     * @param problems where wrong, duplicated or missing answers are reported; the caller decides how loud
     */
    LoadDriver(StandInTelegram telegram, long firstChatId, List<String> problems) {
        this.telegram = telegram;
        this.nextChatId = firstChatId;
        this.problems = problems;
    }

    /**
     * Sends {@code messages} questions one at a time, each from a new chat, the next {@code pause}
     * after the previous answer arrived; stops early at the first missing or wrong answer.
     */
    Loop loop(String scenario, int messages, Duration pause) throws InterruptedException {
        Map<String, Long> before = telegram.calls();
        List<Long> overheads = new ArrayList<>(messages);
        List<Long> chats = new ArrayList<>(messages);
        for (int i = 0; i < messages; i++) {
            long chatId = nextChatId++;
            chats.add(chatId);
            CompletableFuture<StandInTelegram.Answer> answered = telegram.answerFor(chatId);
            long available = telegram.offer(List.of(new UpdateQueue.Question(chatId, Questions.question(chatId))));
            StandInTelegram.Answer answer;
            try {
                answer = answered.get(ONE_ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                problems.add(scenario + ": no answer for chat " + chatId + " within " + ONE_ANSWER_TIMEOUT.toSeconds() + " s (message " + (i + 1) + ")");
                break;
            }
            if (!checked(scenario, chatId, answer.text())) {
                break;
            }
            overheads.add(answer.arrivedNanos() - available);
            long resumeAt = answer.arrivedNanos() + pause.toNanos();
            long wait = resumeAt - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait); // the pause users leave, not a wait for a condition
            }
        }
        checkOnce(scenario, chats);
        return new Loop(overheads, difference(before, telegram.calls()));
    }

    /** {@code chats} new chats each ask once, all made available in one step; waits up to {@code giveUp} for every answer. */
    Burst burst(String scenario, int chats, Duration giveUp) throws InterruptedException {
        Map<String, Long> before = telegram.calls();
        long refusedBefore = telegram.tooManyRequests();
        List<UpdateQueue.Question> questions = new ArrayList<>(chats);
        Map<Long, CompletableFuture<StandInTelegram.Answer>> answers = new HashMap<>();
        for (int i = 0; i < chats; i++) {
            long chatId = nextChatId++;
            questions.add(new UpdateQueue.Question(chatId, Questions.question(chatId)));
            answers.put(chatId, telegram.answerFor(chatId));
        }
        long available = telegram.offer(questions);
        CompletableFuture<Void> all = CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new));
        try {
            all.get(giveUp.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            problems.add(scenario + ": gave up after " + giveUp.toSeconds() + " s with "
                    + answers.values().stream().filter(CompletableFuture::isDone).count() + " of " + chats + " answers");
        }
        long last = available;
        int delivered = 0;
        for (Map.Entry<Long, CompletableFuture<StandInTelegram.Answer>> entry : answers.entrySet()) {
            if (entry.getValue().isDone()) {
                StandInTelegram.Answer answer = entry.getValue().join();
                delivered++;
                last = Math.max(last, answer.arrivedNanos());
                checked(scenario, entry.getKey(), answer.text());
            }
        }
        checkOnce(scenario, new ArrayList<>(answers.keySet()));
        return new Burst(chats, delivered, (last - available) / 1e9, difference(before, telegram.calls()),
                telegram.tooManyRequests() - refusedBefore);
    }

    private boolean checked(String scenario, long chatId, String text) {
        String expected = Questions.expectedAnswer(chatId);
        if (!expected.equals(text)) {
            problems.add(scenario + ": chat " + chatId + " got the wrong answer: '" + text + "', expected '" + expected + "'");
            return false;
        }
        return true;
    }

    /** Each chat got its answer once: a second sendMessage would be a duplicate the user sees. */
    private void checkOnce(String scenario, List<Long> chats) {
        for (long chatId : chats) {
            int count = telegram.answersOf(chatId).size();
            if (count > 1) {
                problems.add(scenario + ": chat " + chatId + " got " + count + " answers instead of one");
            }
        }
    }

    private static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> calls = new java.util.TreeMap<>();
        after.forEach((method, count) -> {
            long delta = count - before.getOrDefault(method, 0L);
            if (delta > 0) {
                calls.put(method, delta);
            }
        });
        return calls;
    }
}
