package io.github.gigabot.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import io.github.gigabot.chat.ChatMessage.Role;
import io.github.gigabot.chat.History.Turn;
import org.junit.jupiter.api.Test;

class ConversationBuilderTest {

    private static final List<Turn> HISTORY = List.of(
            new Turn("user", "u1-" + "a".repeat(40)), new Turn("assistant", "a1-" + "b".repeat(40)),
            new Turn("user", "u2"), new Turn("assistant", "a2"));

    @Test
    void everythingFitsInOrder() {
        assertEquals(List.of(new ChatMessage(Role.SYSTEM, "sys"), ChatMessage.user(HISTORY.get(0).content()),
                        new ChatMessage(Role.ASSISTANT, HISTORY.get(1).content()), ChatMessage.user("u2"),
                        new ChatMessage(Role.ASSISTANT, "a2"), ChatMessage.user("новый")),
                new ConversationBuilder(1000).build(Optional.of("sys"), HISTORY, "новый"));
    }

    @Test
    void oldestTurnsGoFirstAndAnOrphanAnswerIsDropped() {
        // Budget: 50 - "новый"(5) = 45: "a2", "u2", then "a1-…"(43) no longer fits.
        assertEquals(List.of(ChatMessage.user("u2"), new ChatMessage(Role.ASSISTANT, "a2"), ChatMessage.user("новый")),
                new ConversationBuilder(50).build(Optional.empty(), HISTORY, "новый"));
        // Budget 90 fits "a1-…" but not "u1-…": the answer without its question is left out too.
        assertEquals(List.of(ChatMessage.user("u2"), new ChatMessage(Role.ASSISTANT, "a2"), ChatMessage.user("новый")),
                new ConversationBuilder(90).build(Optional.empty(), HISTORY, "новый"));
    }

    @Test
    void theQuestionIsAlwaysSentEvenWhenItAloneIsOverBudget() {
        String huge = "я".repeat(100);
        assertEquals(List.of(ChatMessage.user(huge)), new ConversationBuilder(10).build(Optional.empty(), HISTORY, huge));
    }

    @Test
    void unknownRolesInStoredHistoryAreSkipped() {
        assertEquals(List.of(ChatMessage.user("u"), ChatMessage.user("q")),
                new ConversationBuilder(100).build(Optional.empty(), List.of(new Turn("function", "x"), new Turn("user", "u")), "q"));
    }
}
