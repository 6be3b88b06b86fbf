package io.github.gigabot.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import io.github.gigabot.gigachat.ChatMessage;
import io.github.gigabot.gigachat.ChatModel;
import io.github.gigabot.gigachat.Completion;
import io.github.gigabot.gigachat.CompletionRequest;
import io.github.gigabot.gigachat.GigaChatException;
import io.github.gigabot.storage.ChatSettingsStore;
import io.github.gigabot.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bot's behaviour with a scripted model and the real SQLite store; no servers. */
class ChatServiceTest {

    private static final BotIdentity BOT = new BotIdentity(99, "GigaBot");
    private static final long USER = 7;
    private static final long GROUP = -100500;

    @TempDir
    Path dir;

    private Database database;
    private ChatSettingsStore store;
    private final List<CompletionRequest> requests = new ArrayList<>();
    private ChatModel model;
    private final UserTexts texts = new UserTexts();

    @BeforeEach
    void open() throws Exception {
        database = Database.open(dir);
        store = new ChatSettingsStore(database);
        answerWith(new Completion("Ответ модели", "stop"));
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    private void answerWith(Completion completion) {
        model = request -> {
            requests.add(request);
            return completion;
        };
    }

    private void failWith(GigaChatException.Kind kind) {
        model = request -> {
            requests.add(request);
            throw new GigaChatException(kind, "scripted " + kind);
        };
    }

    private ChatService service() {
        return new ChatService(BOT, request -> model.complete(request), store, 0.8, texts, new AnswerFormatter(new MarkdownRenderer(), 100));
    }

    private static IncomingMessage privateMessage(String text, String language) {
        return new IncomingMessage(1, USER, ChatType.PRIVATE, null, 10, USER, language, text, List.of(), false);
    }

    private static IncomingMessage groupMessage(String text, List<TextEntity> entities, boolean replyToBot) {
        return new IncomingMessage(2, GROUP, ChatType.GROUP, 3, 20, USER, "ru", text, entities, replyToBot);
    }

    /** Decides and, for a prompt, answers: what the user would receive. */
    private List<Reply> handle(IncomingMessage message) {
        ChatService service = service();
        Decision decision = service.decide(message);
        return decision.prompt() != null ? service.answer(decision.prompt()) : decision.replies();
    }

    private static List<String> texts(List<Reply> replies) {
        return replies.stream().map(Reply::text).toList();
    }

    @Test
    void privatePromptAsksTheModelWithTheSeedsSinglePrompt() {
        List<Reply> replies = handle(privateMessage("  Что такое ёж? 🦔 ", "ru"));

        assertEquals(List.of(new Reply(USER, null, null, "Ответ модели", Reply.Format.HTML)), replies);
        assertEquals(1, requests.size());
        assertEquals(List.of(ChatMessage.user("Что такое ёж? 🦔")), requests.get(0).messages());
        assertEquals(0.8, requests.get(0).temperature());
        assertEquals("tg-" + USER, requests.get(0).sessionId());
    }

    @Test
    void groupChatterIsIgnoredWithoutAskingTheModel() {
        assertTrue(service().decide(groupMessage("всем привет", List.of(), false)).isIgnore());
        assertTrue(requests.isEmpty());
    }

    @Test
    void groupMentionIsAnsweredAsAReplyInItsTopic() {
        String text = "@GigaBot что такое ёж?";
        List<Reply> replies = handle(groupMessage(text, List.of(new TextEntity("mention", 0, 8)), false));

        assertEquals(List.of(new Reply(GROUP, 3, 20, "Ответ модели", Reply.Format.HTML)), replies);
        assertEquals("что такое ёж?", requests.get(0).messages().get(0).content());
    }

    @Test
    void replyToTheBotIsAnswered() {
        assertEquals(List.of(new Reply(GROUP, 3, 20, "Ответ модели", Reply.Format.HTML)), handle(groupMessage("а почему?", List.of(), true)));
    }

    @Test
    void bareMentionGetsAHint() {
        List<Reply> replies = handle(groupMessage("@GigaBot", List.of(new TextEntity("mention", 0, 8)), false));
        assertEquals(List.of(new Reply(GROUP, 3, 20, "Напишите вопрос после @GigaBot, например: @GigaBot как приготовить борщ?")), replies);
        assertTrue(requests.isEmpty());
    }

    @Test
    void temperatureIsShownSetAndUsed() throws Exception {
        assertTrue(texts(handle(privateMessage("/temp", "ru"))).get(0).startsWith("Температура в этом чате: 0.8."));
        assertEquals(List.of("Готово: температура в этом чате теперь 1.5."), texts(handle(privateMessage("/temp 1,5", "ru"))));
        assertEquals(OptionalDouble.of(1.5), store.temperature(USER));
        assertTrue(texts(handle(privateMessage("/temp", "ru"))).get(0).startsWith("Температура в этом чате: 1.5."));

        handle(privateMessage("вопрос", "ru"));
        assertEquals(1.5, requests.get(0).temperature());
    }

    @Test
    void badTemperatureIsExplainedAndChangesNothing() throws Exception {
        handle(privateMessage("/temp 0.3", "ru"));
        for (String bad : List.of("0", "5", "-1", "abc", "NaN", "Infinity", "0.5 0.7", "🔥", "ноль", "9".repeat(10_000))) {
            List<String> answer = texts(handle(privateMessage("/temp " + bad, "ru")));
            assertEquals(1, answer.size());
            assertTrue(answer.get(0).contains("больше 0 и не больше 2") && answer.get(0).endsWith("Температура не изменилась."),
                    bad + " -> " + answer);
            assertEquals(OptionalDouble.of(0.3), store.temperature(USER), bad);
        }
        assertTrue(requests.isEmpty());
    }

    @Test
    void groupSharesOneTemperatureAndCommandsForOtherBotsAreIgnored() throws Exception {
        handle(groupMessage("/temp@GigaBot 1.2", List.of(), false));
        assertTrue(service().decide(groupMessage("/temp@OtherBot 0.1", List.of(), false)).isIgnore());
        assertTrue(service().decide(groupMessage("/unknown", List.of(), false)).isIgnore(), "may be another bot's");
        assertEquals(OptionalDouble.of(1.2), store.temperature(GROUP));
        assertEquals(OptionalDouble.empty(), store.temperature(USER));
    }

    @Test
    void startHelpAndUnknownCommands() {
        assertTrue(texts(handle(privateMessage("/start", "ru"))).get(0).startsWith("Привет!"));
        assertTrue(texts(handle(privateMessage("/help", "en"))).get(0).contains("/temp 0.7"));
        assertEquals(List.of("Такой команды нет. Список команд — /help"), texts(handle(privateMessage("/foo", "ru"))));
        assertEquals(List.of(new Reply(GROUP, 3, 20, "Такой команды нет. Список команд — /help")),
                handle(groupMessage("/foo@GigaBot", List.of(), false)));
        assertTrue(requests.isEmpty());
    }

    @Test
    void everyModelFailureBecomesItsOwnText() {
        for (GigaChatException.Kind kind : GigaChatException.Kind.values()) {
            failWith(kind);
            assertEquals(List.of(new Reply(USER, null, null, texts.failure("ru", kind))), handle(privateMessage("q", "ru")));
            assertEquals(List.of(texts.failure("en", kind)), texts(handle(privateMessage("q", "en"))));
        }
        failWith(GigaChatException.Kind.BUSY);
        assertEquals(List.of("GigaChat сейчас занят. Попробуйте ещё раз через минуту."), texts(handle(privateMessage("q", "ru"))));
    }

    @Test
    void truncatedAnswerSaysSo() {
        answerWith(new Completion("Начало ответа", "length"));
        assertEquals(List.of("Начало ответа\n\n<i>(Ответ обрезан: он оказался длиннее допустимого.)</i>"),
                texts(handle(privateMessage("q", "ru"))));
    }

    @Test
    void emptyAnswerIsExplained() {
        answerWith(new Completion(" \n ", "stop"));
        assertEquals(List.of("GigaChat прислал пустой ответ. Попробуйте переформулировать вопрос."), texts(handle(privateMessage("q", "ru"))));
    }

    @Test
    void longAnswerBecomesSeveralRepliesInOrder() {
        answerWith(new Completion("Первый абзац про ежей, колючих и быстрых.\n\nВторой абзац про лис, волков и медведей в лесу.\n\nТретий абзац, самый последний.", "stop"));
        List<Reply> replies = handle(groupMessage("@GigaBot расскажи", List.of(new TextEntity("mention", 0, 8)), false));
        assertEquals(List.of(
                new Reply(GROUP, 3, 20, "Первый абзац про ежей, колючих и быстрых.\n\nВторой абзац про лис, волков и медведей в лесу.", Reply.Format.HTML),
                new Reply(GROUP, 3, 20, "Третий абзац, самый последний.", Reply.Format.HTML)), replies);
    }

    @Test
    void answersAreRenderedAndCommandsStayPlain() {
        answerWith(new Completion("**Жирный** и <script>alert(1)</script>", "stop"));
        assertEquals(List.of(new Reply(USER, null, null, "<b>Жирный</b> и &lt;script&gt;alert(1)&lt;/script&gt;", Reply.Format.HTML)),
                handle(privateMessage("q", "ru")));
        assertEquals(Reply.Format.PLAIN, handle(privateMessage("/help", "ru")).get(0).format());
        failWith(GigaChatException.Kind.BUSY);
        assertEquals(Reply.Format.PLAIN, handle(privateMessage("q", "ru")).get(0).format());
    }

    @Test
    void stickerOrEmptyMessageIsIgnored() {
        assertTrue(service().decide(privateMessage("", "ru")).isIgnore());
        assertNull(service().decide(privateMessage("", "ru")).prompt());
    }
}
