package io.github.gigabot.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import io.github.gigabot.config.AccessSettings;
import io.github.gigabot.config.BudgetSettings;
import io.github.gigabot.render.AnswerFormatter;
import io.github.gigabot.render.MarkdownRenderer;
import io.github.gigabot.storage.ChatSettingsStore;
import io.github.gigabot.storage.Database;
import io.github.gigabot.storage.HistoryStore;
import io.github.gigabot.storage.UsageStore;
import io.github.gigabot.time.ManualClock;
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

    private void failWith(ModelException.Kind kind) {
        model = request -> {
            requests.add(request);
            throw new ModelException(kind, "scripted " + kind);
        };
    }

    private ChatOptions options = new ChatOptions(0.8, Optional.empty(), 0, "GigaChat");
    private AccessSettings access = new AccessSettings(Set.of(), Set.of(), false, 0);
    private AdminDirectory admins = (chat, user) -> false;
    private final List<String> available = List.of("GigaChat", "GigaChat-2-Pro", "GigaChat-2-Max");
    private ModelCatalog catalog = () -> available;
    private final RecordingRelay relay = new RecordingRelay();
    private ImageSource images = id -> {
        throw new AssertionError("no picture expected");
    };
    private BudgetSettings budget = BudgetSettings.unlimited();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T23:59:00Z"));

    private AnswerFormatter formatter = new AnswerFormatter(new MarkdownRenderer(), 100);

    private ChatService service() {
        return new ChatService(BOT, new ModelAccess(request -> model.complete(request), () -> catalog.chatModels(), id -> images.image(id), relay),
                new ChatStores(store, new HistoryStore(database), new UsageStore(database)), options,
                new Gatekeeper(access, admins, new QuestionRateLimiter(access.questionsPerMinute(), System::currentTimeMillis), System::currentTimeMillis), new TokenBudget(new UsageStore(database), budget, clock), texts, formatter);
    }

    /** Every message comes in an update of its own, as from Telegram. */
    private static final java.util.concurrent.atomic.AtomicLong UPDATES = new java.util.concurrent.atomic.AtomicLong(1000);

    private static IncomingMessage privateMessage(String text, String language) {
        return new IncomingMessage(UPDATES.incrementAndGet(), USER, ChatType.PRIVATE, null, 10, USER, language, text, List.of(), false);
    }

    private static IncomingMessage groupMessage(String text, List<TextEntity> entities, boolean replyToBot) {
        return new IncomingMessage(UPDATES.incrementAndGet(), GROUP, ChatType.GROUP, 3, 20, USER, "ru", text, entities, replyToBot);
    }

    /** Decides and, for a prompt, answers: what the user would receive. */
    private List<Reply> handle(IncomingMessage message) {
        ChatService service = service();
        Screening screening = service.screen(message);
        if (!screening.admitted()) {
            return screening.replies();
        }
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
        admins = (chat, user) -> chat == GROUP && user == USER;
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
        for (ModelException.Kind kind : ModelException.Kind.values()) {
            failWith(kind);
            assertEquals(List.of(new Reply(USER, null, null, texts.failure("ru", kind))), handle(privateMessage("q", "ru")));
            assertEquals(List.of(texts.failure("en", kind)), texts(handle(privateMessage("q", "en"))));
        }
        failWith(ModelException.Kind.BUSY);
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
        failWith(ModelException.Kind.BUSY);
        assertEquals(Reply.Format.PLAIN, handle(privateMessage("q", "ru")).get(0).format());
    }

    @Test
    void stickerOrEmptyMessageIsIgnored() {
        assertTrue(service().decide(privateMessage("", "ru")).isIgnore());
        assertNull(service().decide(privateMessage("", "ru")).prompt());
    }

    // ---- conversation history ---------------------------------------------------------------

    private List<List<ChatMessage>> sentConversations() {
        return requests.stream().map(CompletionRequest::messages).toList();
    }

    @Test
    void historyIsSentWithTheSystemPromptAndSurvivesARestart() throws Exception {
        options = new ChatOptions(0.8, Optional.of("Отвечай кратко."), 20, "GigaChat");
        model = request -> {
            requests.add(request);
            return new Completion("ответ " + requests.size(), "stop");
        };
        handle(privateMessage("Столица Франции?", "ru"));
        database.close();
        database = Database.open(dir);
        store = new ChatSettingsStore(database);
        handle(privateMessage("а по-английски?", "ru"));

        ChatMessage system = new ChatMessage(ChatMessage.Role.SYSTEM, "Отвечай кратко.");
        assertEquals(List.of(
                List.of(system, ChatMessage.user("Столица Франции?")),
                List.of(system, ChatMessage.user("Столица Франции?"), new ChatMessage(ChatMessage.Role.ASSISTANT, "ответ 1"),
                        ChatMessage.user("а по-английски?"))), sentConversations());
        assertEquals("tg-" + USER, requests.get(1).sessionId());
    }

    @Test
    void historyIsBoundedByTheMessageCount() {
        options = new ChatOptions(0.8, Optional.empty(), 4, "GigaChat");
        for (int i = 1; i <= 5; i++) {
            handle(privateMessage("вопрос " + i, "ru"));
        }
        List<ChatMessage> last = requests.get(4).messages();
        assertEquals(List.of(ChatMessage.user("вопрос 3"), new ChatMessage(ChatMessage.Role.ASSISTANT, "Ответ модели"),
                ChatMessage.user("вопрос 4"), new ChatMessage(ChatMessage.Role.ASSISTANT, "Ответ модели"),
                ChatMessage.user("вопрос 5")), last);
    }

    @Test
    void resetForgetsTheConversationButKeepsTheTemperature() throws Exception {
        options = new ChatOptions(0.8, Optional.empty(), 20, "GigaChat");
        handle(privateMessage("/temp 1.1", "ru"));
        handle(privateMessage("запомни: 42", "ru"));

        assertEquals(List.of("Начнём заново: я забыл наш разговор. Температура осталась прежней."),
                texts(handle(privateMessage("/reset", "ru"))));
        handle(privateMessage("что я просил запомнить?", "ru"));

        assertEquals(List.of(ChatMessage.user("что я просил запомнить?")), requests.get(1).messages());
        assertEquals(1.1, requests.get(1).temperature());
    }

    @Test
    void groupsShareAHistoryPerTopicAndFailuresAreNotRemembered() {
        options = new ChatOptions(0.8, Optional.empty(), 20, "GigaChat");
        IncomingMessage topicA = new IncomingMessage(1, GROUP, ChatType.GROUP, 100, 1, 1, "ru", "в теме А", List.of(), true);
        IncomingMessage topicB = new IncomingMessage(2, GROUP, ChatType.GROUP, 200, 2, 2, "ru", "в теме Б", List.of(), true);
        IncomingMessage topicAAgain = new IncomingMessage(3, GROUP, ChatType.GROUP, 100, 3, 3, "ru", "снова А", List.of(), true);
        handle(topicA);
        failWith(ModelException.Kind.BUSY);
        handle(topicB);
        answerWith(new Completion("ок", "stop"));
        handle(topicB);
        handle(topicAAgain);

        assertEquals(List.of(ChatMessage.user("в теме Б")), requests.get(2).messages(), "the failed turn is not remembered");
        assertEquals(List.of(ChatMessage.user("в теме А"), new ChatMessage(ChatMessage.Role.ASSISTANT, "Ответ модели"),
                ChatMessage.user("снова А")), requests.get(3).messages(), "another member continues the topic's conversation");
        assertEquals("tg-" + GROUP + "-100", requests.get(3).sessionId());
    }

    @Test
    void singlePromptModeRemembersNothing() {
        handle(privateMessage("раз", "ru"));
        handle(privateMessage("два", "ru"));
        assertEquals(List.of(ChatMessage.user("два")), requests.get(1).messages());
    }

    @Test
    void apologyGoesWhereTheQuestionWas() {
        assertEquals(new Reply(GROUP, 3, 20, "Что-то пошло не так. Попробуйте ещё раз."),
                service().apology(groupMessage("?", List.of(), true)));
        assertEquals("Something went wrong. Please try again.", service().apology(privateMessage("?", "en")).text());
    }

    @Test
    void commandMenuInBothLanguages() {
        assertEquals(List.of("start", "help", "temp", "model", "usage", "reset"), List.copyOf(service().commandMenu("ru").keySet()));
        assertEquals("Забыть разговор и начать заново", service().commandMenu("ru").get("reset"));
        assertEquals("Forget the conversation and start over", service().commandMenu("en").get("reset"));
    }

    // ---- access control ---------------------------------------------------------------------------

    @Test
    void strangersAreRefusedWithTheirIdAndNeverReachTheModel() throws Exception {
        access = new AccessSettings(Set.of(1L), Set.of(), false, 0);
        ChatService service = service();

        Screening first = service.screen(privateMessage("привет", "ru"));
        Screening again = service.screen(privateMessage("ну пожалуйста", "ru"));

        assertFalse(first.admitted());
        assertEquals(List.of("Извините, этот бот только для своих. Ваш Telegram id: 7. Передайте его владельцу бота, чтобы он вас добавил."),
                texts(first.replies()));
        assertEquals(new Screening(false, List.of()), again, "one refusal, not one per message");
        assertEquals(new Screening(false, List.of()), service.screen(privateMessage("/temp 1", "ru")), "commands are refused too");
        assertEquals(OptionalDouble.empty(), store.temperature(USER));
        assertTrue(requests.isEmpty());
        assertEquals(new Screening(false, List.of()), service.screen(groupMessage("болтовня", List.of(), false)),
                "chatter is not even refused");
    }

    @Test
    void membersOfAnAllowedGroupMayAsk() {
        access = new AccessSettings(Set.of(), Set.of(GROUP), false, 0);
        assertEquals(List.of("Ответ модели"), texts(handle(groupMessage("вопрос", List.of(), true))));
        assertTrue(texts(handle(privateMessage("а в личке?", "en"))).get(0).startsWith("Sorry, this bot is private. Your Telegram id is 7."));
    }

    @Test
    void onlyGroupAdminsChangeTheTemperatureButEveryoneMaySeeIt() throws Exception {
        assertEquals(List.of("Менять настройки в группе могут только её администраторы."),
                texts(handle(groupMessage("/temp 1.5", List.of(), false))));
        assertEquals(OptionalDouble.empty(), store.temperature(GROUP));
        assertTrue(texts(handle(groupMessage("/temp", List.of(), false))).get(0).startsWith("Температура в этом чате: 0.8."));

        admins = (chat, user) -> {
            throw new AdminDirectory.LookupFailed("telegram down", null);
        };
        assertEquals(List.of("Не удалось проверить, администратор ли вы. Попробуйте чуть позже."),
                texts(handle(groupMessage("/temp 1.5", List.of(), false))));

        access = new AccessSettings(Set.of(), Set.of(), true, 0);
        handle(groupMessage("/temp 1.5", List.of(), false));
        assertEquals(OptionalDouble.of(1.5), store.temperature(GROUP), "bot.group-settings=everyone");
    }

    @Test
    void floodingUserIsToldToWaitOnceAndTheModelIsSpared() {
        access = new AccessSettings(Set.of(), Set.of(), false, 2);
        ChatService service = service();
        for (int i = 0; i < 2; i++) {
            assertEquals(new Screening(true, List.of()), service.screen(privateMessage("вопрос " + i, "ru")));
        }
        Screening third = service.screen(privateMessage("третий", "ru"));
        Screening fourth = service.screen(privateMessage("четвёртый", "ru"));

        assertFalse(third.admitted());
        assertTrue(third.replies().get(0).text().matches("Слишком много вопросов подряд\\. Подождите \\d+ с и спросите снова\\."),
                third.replies().get(0).text());
        assertEquals(new Screening(false, List.of()), fourth);
        assertTrue(service.screen(privateMessage("/help", "ru")).admitted(), "commands are not questions");
    }

    @Test
    void screeningAdmitsWhatIsForTheBotAndDecidingNeedsNoSecondLook() {
        access = new AccessSettings(Set.of(), Set.of(), false, 1);
        ChatService service = service();
        IncomingMessage question = privateMessage("вопрос", "ru");

        assertTrue(service.screen(question).admitted());
        assertEquals("вопрос", service.decide(question).prompt().text(), "decide does not count the question again");
        assertEquals("вопрос", service.decide(question).prompt().text());
        assertEquals(new Screening(false, List.of()), service.screen(groupMessage("болтовня", List.of(), false)));
        assertTrue(service.decide(groupMessage("болтовня", List.of(), false)).isIgnore());
    }

    @Test
    void queueFullNoticeGoesWhereTheMessageWasInTheUsersLanguage() {
        assertEquals(new Reply(GROUP, null, 9, "Слишком много сообщений ждут ответа. Дождитесь ответов на предыдущие и напишите снова."),
                service().queueFull(new IncomingMessage(1, GROUP, ChatType.GROUP, null, 9, USER, "ru", "x", List.of(), false)));
        assertEquals("Too many messages are waiting for an answer. Please wait for the answers and write again.",
                service().queueFull(privateMessage("x", "en")).text());
    }

    // ---- answers the renderer cannot show ---------------------------------------------------

    @Test
    void anAnswerTheRendererCannotHandleGoesOutAsPlainText() {
        formatter = org.mockito.Mockito.mock(AnswerFormatter.class);
        org.mockito.Mockito.when(formatter.format(org.mockito.ArgumentMatchers.anyString(), org.mockito.ArgumentMatchers.any()))
                .thenThrow(new StackOverflowError());
        answerWith(new Completion("**жирный** <ответ> 👍", "length"));

        List<Reply> replies = handle(privateMessage("вопрос", "ru"));

        assertEquals(List.of(new Reply(USER, null, null,
                "**жирный** <ответ> 👍\n\n(Ответ обрезан: он оказался длиннее допустимого.)", Reply.Format.PLAIN)), replies);
        assertEquals("", service().preview("**жирный**"), "no draft rather than a failure");
    }

    @Test
    void anAnswerThatRendersToNothingVisibleIsSentAsItCame() {
        answerWith(new Completion(">>>>\n>\n> >", "stop"));

        List<Reply> replies = handle(privateMessage("вопрос", "ru"));

        assertEquals(1, replies.size());
        assertEquals(Reply.Format.PLAIN, replies.get(0).format());
        assertEquals(">>>>\n>\n> >", replies.get(0).text());
    }

    @Test
    void aLongPlainFallbackIsSplitWithinTelegramsLimit() {
        formatter = org.mockito.Mockito.mock(AnswerFormatter.class);
        org.mockito.Mockito.when(formatter.format(org.mockito.ArgumentMatchers.anyString(), org.mockito.ArgumentMatchers.any()))
                .thenThrow(new IllegalStateException("renderer bug"));
        answerWith(new Completion("я".repeat(9000), "stop"));

        List<Reply> replies = handle(privateMessage("вопрос", "ru"));

        assertEquals(3, replies.size());
        assertTrue(replies.stream().allMatch(r -> r.text().length() <= Reply.MAX_LENGTH && r.format() == Reply.Format.PLAIN));
        assertEquals("я".repeat(9000), replies.stream().map(Reply::text).reduce("", String::concat));
    }

    // ---- /model ---------------------------------------------------------------------------------

    @Test
    void modelIsShownWithTheListSetAndUsed() throws Exception {
        assertEquals(List.of("Модель в этом чате: GigaChat.\n\nДоступные модели:\n• GigaChat\n• GigaChat-2-Pro\n• GigaChat-2-Max"
                + "\n\nИзменить: /model GigaChat-2-Max"), texts(handle(privateMessage("/model", "ru"))));
        assertEquals(List.of("Done: GigaChat-2-Max now answers in this chat."), texts(handle(privateMessage("/model gigachat-2-max", "en"))));
        assertEquals(Optional.of("GigaChat-2-Max"), store.model(USER), "stored as GigaChat spells it");
        assertTrue(texts(handle(privateMessage("/model", "en"))).get(0).startsWith("Model in this chat: GigaChat-2-Max."));

        answerWith(new Completion("Ответ", "stop"));
        handle(privateMessage("вопрос", "ru"));
        assertEquals("GigaChat-2-Max", requests.get(0).model());
        assertEquals(OptionalDouble.empty(), store.temperature(USER), "the temperature is untouched");
    }

    @Test
    void aChatThatNeverChoseAsksTheDefaultModel() {
        answerWith(new Completion("Ответ", "stop"));
        handle(privateMessage("вопрос", "ru"));
        assertEquals("GigaChat", requests.get(0).model());
    }

    @Test
    void unknownOrHostileModelNamesAreRefusedWithTheListAndChangeNothing() throws Exception {
        handle(privateMessage("/model GigaChat-2-Pro", "ru"));
        for (String bad : List.of("GigaChat-3", "Embeddings", "GigaChat-2-Pro extra", "ГигаЧат", "🤖", "GigaChat'; DROP TABLE chat_settings;--",
                "GigaChat-2-Pro\u0000", "x".repeat(10_000), "../GigaChat")) {
            List<String> answer = texts(handle(privateMessage("/model " + bad, "ru")));
            assertEquals(List.of("Такой модели нет. Модель не изменилась. Доступные модели:\n• GigaChat\n• GigaChat-2-Pro\n• GigaChat-2-Max"),
                    answer, bad.substring(0, Math.min(20, bad.length())));
            assertEquals(Optional.of("GigaChat-2-Pro"), store.model(USER));
        }
    }

    @Test
    void withoutTheListNothingIsSetAndTheCurrentModelIsStillShown() throws Exception {
        catalog = () -> {
            throw new ModelException(ModelException.Kind.UNAVAILABLE, "down");
        };

        assertEquals(List.of("Не удалось получить список моделей GigaChat. Попробуйте чуть позже."),
                texts(handle(privateMessage("/model GigaChat-2-Max", "ru"))));
        assertEquals(Optional.empty(), store.model(USER));
        assertEquals(List.of("Model in this chat: GigaChat.\n\nCould not get the list of GigaChat models. Please try again a bit later."),
                texts(handle(privateMessage("/model", "en"))));
    }

    @Test
    void onlyGroupAdminsChooseTheModelButEveryoneMaySeeIt() throws Exception {
        assertEquals(List.of("Менять настройки в группе могут только её администраторы."),
                texts(handle(groupMessage("/model GigaChat-2-Max", List.of(), false))));
        assertEquals(Optional.empty(), store.model(GROUP));
        assertTrue(texts(handle(groupMessage("/model", List.of(), false))).get(0).startsWith("Модель в этом чате: GigaChat."));

        admins = (chat, user) -> true;
        handle(groupMessage("/model@GigaBot GigaChat-2-Max", List.of(), false));
        assertEquals(Optional.of("GigaChat-2-Max"), store.model(GROUP));
        assertEquals(Optional.empty(), store.model(USER), "a group's model is the group's");
        assertTrue(service().decide(groupMessage("/model@OtherBot GigaChat", List.of(), false)).isIgnore());
    }

    // ---- tokens: /usage and the daily limits -----------------------------------------------------

    private void costs(long total) {
        answerWith(new Completion("Ответ модели", "stop", new TokenUsage(total - 1, 1, total)));
    }

    @Test
    void everyAnswersTokensAreCountedPerUserAndChat() throws Exception {
        costs(1200);
        handle(privateMessage("вопрос", "ru"));
        handle(groupMessage("@GigaBot вопрос", List.of(new TextEntity("mention", 0, 8)), false));
        handle(groupMessage("@GigaBot ещё", List.of(new TextEntity("mention", 0, 8)), false));

        assertEquals(List.of("Ваши токены GigaChat: сегодня 3\u00a0600, в этом месяце 3\u00a0600.\nЭтот чат: сегодня 1\u00a0200, в этом месяце 1\u00a0200."),
                texts(handle(privateMessage("/usage", "ru"))));
        assertEquals(List.of("Your GigaChat tokens: today 3\u00a0600, this month 3\u00a0600.\nThis chat: today 2\u00a0400, this month 2\u00a0400."),
                texts(handle(new IncomingMessage(5, GROUP, ChatType.GROUP, 3, 21, USER, "en", "/usage", List.of(), false))));
        assertEquals(3_600, new UsageStore(database).userTotal(USER, LocalDate.parse("2026-11-25"), LocalDate.parse("2026-11-25")));

        clock.advance(Duration.ofMinutes(1)); // past midnight UTC: a new day, the same month
        costs(5);
        handle(privateMessage("вопрос", "ru"));
        assertEquals(List.of("Ваши токены GigaChat: сегодня 5, в этом месяце 3\u00a0605.\nЭтот чат: сегодня 5, в этом месяце 1\u00a0205."),
                texts(handle(privateMessage("/usage", "ru"))));
    }

    @Test
    void aFailedOrUncountedAnswerCostsNothing() throws Exception {
        failWith(ModelException.Kind.BUSY);
        handle(privateMessage("вопрос", "ru"));
        answerWith(new Completion("Ответ", "stop"));
        handle(privateMessage("вопрос", "ru"));

        assertEquals(0, new UsageStore(database).botTotal(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-12-31")));
    }

    @Test
    void aUserOverTheDailyLimitIsToldWhenItResetsAndTheModelIsNotAsked() {
        budget = new BudgetSettings(1000, 0, Set.of());
        costs(600);
        assertEquals(List.of("Ответ модели"), texts(handle(privateMessage("раз", "ru"))));
        assertEquals(List.of("Ответ модели"), texts(handle(privateMessage("два: этот ответ переходит лимит", "ru"))));

        assertEquals(List.of("Вы потратили дневной лимит токенов GigaChat (1\u00a0000). Лимит обновится в 00:00 UTC."),
                texts(handle(privateMessage("три", "ru"))));
        assertEquals(2, requests.size(), "no model call past the limit");
        assertTrue(texts(handle(privateMessage("/usage", "en"))).get(0)
                .endsWith("\n\nYour daily limit: 1\u00a0000 tokens, 0 left. The limit resets at 00:00 UTC."));
        assertEquals(List.of("Ответ модели"), texts(handle(new IncomingMessage(9, USER + 1, ChatType.PRIVATE, null, 30, USER + 1, "ru",
                "а я?", List.of(), false))), "another user has a limit of their own");

        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of("Ответ модели"), texts(handle(privateMessage("четыре", "ru"))), "a new UTC day");
    }

    @Test
    void questionsAdmittedTogetherAreCheckedAgainWhenTheirTurnComes() throws Exception {
        budget = new BudgetSettings(0, 1000, Set.of());
        // The model as GigaChatClient runs it: the admission is asked once the call has its slot.
        model = request -> {
            if (!request.admission().admit()) {
                throw new ModelException(ModelException.Kind.WITHDRAWN, "withdrawn");
            }
            requests.add(request);
            Completion completion = new Completion("Ответ модели", "stop", new TokenUsage(900, 100, 1000));
            request.admission().spent(completion.usage());
            return completion;
        };
        ChatService service = service();
        Decision first = service.decide(privateMessage("раз", "ru"));
        Decision second = service.decide(new IncomingMessage(9, USER + 1, ChatType.PRIVATE, null, 30, USER + 1, "ru", "два", List.of(), false));

        assertEquals(List.of("Ответ модели"), texts(service.answer(first.prompt())));
        assertEquals(List.of("Бот потратил дневной лимит токенов GigaChat. Лимит обновится в 00:00 UTC."),
                texts(service.answer(second.prompt())), "both passed the first look; the second is stopped at its turn");
        assertEquals(1, requests.size());
        assertEquals(1000, new UsageStore(database).botTotal(LocalDate.parse("2026-11-25"), LocalDate.parse("2026-11-25")),
                "counted once, though told twice");
    }

    @Test
    void theBotsAdminsAreSparedTheUserLimitButNotTheBotsOwn() {
        budget = new BudgetSettings(100, 1000, Set.of(USER));
        costs(600);
        handle(privateMessage("раз", "ru"));
        assertEquals(List.of("Ответ модели"), texts(handle(privateMessage("два", "ru"))), "an admin past the user limit");
        assertTrue(texts(handle(privateMessage("/usage", "ru"))).get(0).endsWith("Вы администратор бота: дневной лимит на вас не распространяется."));

        assertEquals(List.of("Бот потратил дневной лимит токенов GigaChat. Лимит обновится в 00:00 UTC."),
                texts(handle(privateMessage("три", "ru"))), "the bot's limit binds everyone");
        assertEquals(2, requests.size());
    }

    @Test
    void usageAllIsForTheBotsAdminsOnly() {
        costs(50);
        handle(privateMessage("вопрос", "ru"));
        handle(new IncomingMessage(9, USER + 1, ChatType.PRIVATE, null, 30, USER + 1, "ru", "вопрос", List.of(), false));
        handle(new IncomingMessage(10, USER + 1, ChatType.PRIVATE, null, 31, USER + 1, "ru", "ещё", List.of(), false));

        assertEquals(List.of("Расход всех пользователей видят только администраторы бота."), texts(handle(privateMessage("/usage all", "ru"))));

        budget = new BudgetSettings(0, 10_000, Set.of(USER));
        assertEquals(List.of("Весь бот: сегодня 150, в этом месяце 150.\n\nБольше всех сегодня:\n8: 100\n7: 50"
                + "\n\nДневной лимит бота: 10\u00a0000 токенов, осталось 9\u00a0850. Лимит обновляется в 00:00 UTC."),
                texts(handle(privateMessage("/usage ALL", "ru"))));
        for (String bad : List.of("всех", "all all", "🤖", "'; DROP TABLE token_usage;--", "x".repeat(5000))) {
            assertEquals(List.of("Напишите /usage — ваш расход, или /usage all — расход всех (для администраторов бота)."),
                    texts(handle(privateMessage("/usage " + bad, "ru"))), bad.substring(0, Math.min(10, bad.length())));
        }
    }

    // ---- pictures the model drew --------------------------------------------------------------------

    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3};
    private static final String FILE_ID = "b28fbd4f-105a-43e0-ba5a-2faa80b1f43c";

    private final List<String> fetched = new ArrayList<>();

    private void picturesAre(byte[] jpeg) {
        images = id -> {
            fetched.add(id);
            return jpeg;
        };
    }

    @Test
    void aDrawnPictureIsSentAsAPhotoWithTheTextAsItsCaptionAndNoTag() {
        picturesAre(JPEG);
        answerWith(new Completion("Запускаю генерацию изображения. <img src=\"" + FILE_ID + "\" fuse=\"true\"/> - вот **кот**.", "stop"));

        List<Reply> replies = handle(privateMessage("нарисуй кота", "ru"));

        assertEquals(List.of(new Reply(USER, null, null, "Запускаю генерацию изображения. - вот <b>кот</b>.", Reply.Format.HTML,
                new Reply.Photo(JPEG))), replies);
        assertEquals(List.of(FILE_ID), fetched);
    }

    @Test
    void aPictureWithoutTextIsAPhotoAloneAndALongTextFollowsIt() {
        picturesAre(JPEG);
        answerWith(new Completion("<img src=\"" + FILE_ID + "\" fuse=\"true\"/>", "stop"));
        List<Reply> alone = handle(groupMessage("@GigaBot нарисуй", List.of(new TextEntity("mention", 0, 8)), false));
        assertEquals(List.of(new Reply(GROUP, 3, 20, "", Reply.Format.PLAIN, new Reply.Photo(JPEG))), alone);

        formatter = new AnswerFormatter(new MarkdownRenderer(), 4096);
        String text = "Слово. ".repeat(200).strip(); // 1 399 characters: longer than a caption
        answerWith(new Completion("<img src=\"" + FILE_ID + "\"/>" + text, "stop"));
        List<Reply> replies = handle(privateMessage("нарисуй и расскажи", "ru"));
        assertEquals(2, replies.size());
        assertEquals(new Reply.Photo(JPEG), replies.get(0).photo());
        assertEquals("", replies.get(0).text());
        assertEquals(text, replies.get(1).text());
        assertNull(replies.get(1).photo());
    }

    @Test
    void aPictureThatCannotBeFetchedIsSaidInWordsAndTheTextStillComes() {
        images = id -> {
            throw new ModelException(ModelException.Kind.UNAVAILABLE, "down");
        };
        answerWith(new Completion("Вот: <img src=\"" + FILE_ID + "\" fuse=\"true\"/>", "stop"));
        assertEquals(List.of("Вот:\n\n<i>(Картинку GigaChat нарисовал, но отдать её не смог. Попросите нарисовать ещё раз.)</i>"),
                texts(handle(privateMessage("нарисуй", "ru"))));

        answerWith(new Completion("<img src=\"" + FILE_ID + "\"/>", "stop"));
        List<Reply> replies = handle(privateMessage("нарисуй", "en"));
        assertEquals(List.of("(GigaChat drew a picture but could not hand it over. Ask it to draw again.)"), texts(replies));
        assertNull(replies.get(0).photo());
    }

    @Test
    void aDraftNeverShowsATagWholeOrHalfWritten() {
        ChatService service = service();
        assertEquals("Рисую.", service.preview("Рисую. <img src=\"" + FILE_ID + "\" fuse=\"true\"/>"));
        assertEquals("Рисую.", service.preview("Рисую. <img src=\"b28f"));
        assertEquals("Рисую.", service.preview("Рисую. <im"));
        assertEquals("a &lt; b", service.preview("a < b"));
    }

    @Test
    void theModelIsLetDrawOnlyWithTheSettingOnAndRemembersWhatItDrew() throws Exception {
        options = new ChatOptions(0.8, Optional.empty(), 20, "GigaChat");
        picturesAre(JPEG);
        String drawn = "Вот кот <img src=\"" + FILE_ID + "\" fuse=\"true\"/>";
        answerWith(new Completion(drawn, "stop"));
        handle(privateMessage("нарисуй кота", "ru"));
        answerWith(new Completion("Рыжий", "stop"));
        handle(privateMessage("а какого он цвета?", "ru"));

        List<ChatMessage> second = requests.get(1).messages();
        assertEquals(drawn, second.get(second.size() - 2).content(), "the model sees what it drew");
    }

    // ---- files users send -------------------------------------------------------------------------

    /** Records what would move between Telegram and GigaChat; ids are "g1", "g2"... */
    private static final class RecordingRelay implements FileRelay {
        final List<String> uploads = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();
        FileTransferException failure;

        @Override
        public StoredFile upload(Attachment file, String name, String mimeType, long maxBytes) throws FileTransferException {
            if (failure != null) {
                throw failure;
            }
            uploads.add(file.fileId() + " as " + name + " " + mimeType + " max " + maxBytes / (1024 * 1024) + " MB");
            return new StoredFile("g" + uploads.size(), file.size());
        }

        @Override
        public void delete(List<String> ids) {
            deleted.addAll(ids);
        }
    }

    private static final long MB = 1024 * 1024;

    private static IncomingMessage privateFile(String caption, String language, Attachment file) {
        return new IncomingMessage(1, USER, ChatType.PRIVATE, null, 10, USER, language, caption, List.of(), false, file);
    }

    private static Attachment photo() {
        return new Attachment(Attachment.Kind.PHOTO, "tg-photo", null, "image/jpeg", 300_000);
    }

    private ChatMessage lastUserMessage(int request) {
        List<ChatMessage> messages = requests.get(request).messages();
        return messages.get(messages.size() - 1);
    }

    @Test
    void aPhotoWithACaptionGoesToGigaChatWithItsQuestion() {
        assertEquals(List.of("Ответ модели"), texts(handle(privateFile("что за порода?", "ru", photo()))));

        assertEquals(List.of("tg-photo as photo.jpg image/jpeg max 15 MB"), relay.uploads);
        assertEquals(ChatMessage.user("что за порода?", List.of("g1")), lastUserMessage(0));
        assertEquals(List.of("g1"), relay.deleted, "no history kept: GigaChat need not keep the file");
    }

    @Test
    void aFileWithoutACaptionGetsTheQuestionAnyoneWouldAskInTheirLanguage() {
        handle(privateFile("", "ru", photo()));
        handle(privateFile("", "en", new Attachment(Attachment.Kind.VOICE, "tg-voice", null, "audio/ogg", 20_000)));
        handle(privateFile(" ", "ru", new Attachment(Attachment.Kind.DOCUMENT, "tg-doc", "Отчёт 2025 (итог).PDF", "application/pdf", 5 * MB)));

        assertEquals(List.of("Опиши, что на этой картинке.", "Answer this voice message.", "Кратко перескажи этот документ."),
                requests.stream().map(r -> r.messages().get(r.messages().size() - 1).content()).toList());
        assertEquals(List.of("tg-photo as photo.jpg image/jpeg max 15 MB", "tg-voice as voice.ogg audio/ogg max 20 MB",
                "tg-doc as Отчёт 2025 (итог).pdf application/pdf max 20 MB"), relay.uploads);
    }

    @Test
    void documentNamesAreMadeHarmless() {
        for (String[] name : new String[][] {{"../../etc/passwd.txt", "etc_passwd.txt"}, {"a\"b;c<>.docx", "a_b_c__.docx"},
                {"🔥🔥.pdf", "file.pdf"}, {".pdf", "file.pdf"}, {"x".repeat(500) + ".epub", "x".repeat(100) + ".epub"}}) {
            relay.uploads.clear();
            handle(privateFile("", "ru", new Attachment(Attachment.Kind.DOCUMENT, "d", name[0], null, 10)));
            assertEquals("d as " + name[1], relay.uploads.get(0).substring(0, relay.uploads.get(0).indexOf(' ', 5 + name[1].length())),
                    name[0]);
        }
    }

    @Test
    void unreadableOrOversizedFilesAreRefusedWithoutDownloadOrModelCall() {
        String unsupported = "Такой файл GigaChat не прочитает. Я понимаю фотографии и картинки (JPG, PNG, TIFF, BMP), "
                + "документы (PDF, DOC, DOCX, TXT, EPUB, PPT, PPTX, XLSX), голосовые сообщения и аудио (MP3, M4A, WAV, OGG, OPUS).";
        for (Attachment file : List.of(Attachment.unsupported(),
                new Attachment(Attachment.Kind.DOCUMENT, "d", "setup.exe", "application/octet-stream", 10),
                new Attachment(Attachment.Kind.DOCUMENT, "d", "no-extension", "application/zip", 10),
                new Attachment(Attachment.Kind.DOCUMENT, "d", null, null, 10))) {
            assertEquals(List.of(unsupported), texts(handle(privateFile("прочитай", "ru", file))), String.valueOf(file.fileName()));
        }
        assertEquals(List.of("The file is too large: I read files of this kind up to 20 MB."),
                texts(handle(privateFile("", "en", new Attachment(Attachment.Kind.DOCUMENT, "d", "big.pdf", null, 20 * MB + 1)))));
        assertEquals(List.of("Файл слишком большой: такие я читаю размером до 15 МБ."),
                texts(handle(privateFile("", "ru", new Attachment(Attachment.Kind.DOCUMENT, "d", "scan.png", null, 15 * MB + 1)))));
        assertTrue(relay.uploads.isEmpty());
        assertTrue(requests.isEmpty());
    }

    @Test
    void inAGroupAFileCountsOnlyWhenItsCaptionMentionsTheBotOrItRepliesToTheBot() {
        IncomingMessage chatter = new IncomingMessage(2, GROUP, ChatType.GROUP, null, 20, USER, "ru", "смотрите", List.of(), false, photo());
        IncomingMessage sticker = new IncomingMessage(3, GROUP, ChatType.GROUP, null, 21, USER, "ru", "", List.of(), false,
                Attachment.unsupported());
        assertTrue(service().decide(chatter).isIgnore());
        assertTrue(service().decide(sticker).isIgnore());

        handle(new IncomingMessage(4, GROUP, ChatType.GROUP, null, 22, USER, "ru", "@GigaBot что это?",
                List.of(new TextEntity("mention", 0, 8)), false, photo()));
        handle(new IncomingMessage(5, GROUP, ChatType.GROUP, null, 23, USER, "ru", "", List.of(), true, photo()));
        assertEquals(List.of("что это?", "Опиши, что на этой картинке."),
                requests.stream().map(r -> r.messages().get(r.messages().size() - 1).content()).toList());
        assertEquals(2, relay.uploads.size());
    }

    @Test
    void aFollowUpSendsThePhotoAgainAndResetDeletesIt() {
        options = new ChatOptions(0.8, Optional.empty(), 20, "GigaChat");
        handle(privateFile("что на фото?", "ru", photo()));
        handle(privateMessage("а какого цвета машина?", "ru"));

        List<ChatMessage> followUp = requests.get(1).messages();
        assertEquals(ChatMessage.user("что на фото?", List.of("g1")), followUp.get(0));
        assertEquals(ChatMessage.user("а какого цвета машина?"), followUp.get(2));
        assertTrue(relay.deleted.isEmpty(), "kept while the conversation holds it");

        handle(privateMessage("/reset", "ru"));
        assertEquals(List.of("g1"), relay.deleted);
    }

    @Test
    void aFileTheConversationOutgrowsIsDeleted() {
        options = new ChatOptions(0.8, Optional.empty(), 2, "GigaChat");
        handle(privateFile("раз", "ru", photo()));
        assertTrue(relay.deleted.isEmpty());
        handle(privateMessage("два", "ru"));
        assertEquals(List.of("g1"), relay.deleted, "only the last exchange is kept");
    }

    @Test
    void atMostTenFilesGoWithOneRequestTheNewestKept() {
        options = new ChatOptions(0.8, Optional.empty(), 200, "GigaChat");
        for (int i = 0; i < 12; i++) {
            handle(privateFile("фото " + i, "ru", photo()));
        }
        List<ChatMessage> last = requests.get(11).messages();
        List<String> sent = last.stream().flatMap(m -> m.attachments().stream()).toList();
        assertEquals(List.of("g3", "g4", "g5", "g6", "g7", "g8", "g9", "g10", "g11", "g12"), sent, "the question's own and the 9 newest");
        assertEquals("фото 0", last.get(0).content(), "older photos stay as their words");
        assertEquals(List.of(), last.get(0).attachments());
    }

    @Test
    void filesOfEightyMegabytesTogetherAreMoreThanOneRequestCarries() {
        options = new ChatOptions(0.8, Optional.empty(), 200, "GigaChat");
        for (int i = 0; i < 5; i++) {
            handle(privateFile("голосовое " + i, "ru", new Attachment(Attachment.Kind.VOICE, "v" + i, null, "audio/ogg", 19 * MB)));
        }
        List<String> sent = requests.get(4).messages().stream().flatMap(m -> m.attachments().stream()).toList();
        assertEquals(List.of("g2", "g3", "g4", "g5"), sent, "4 x 19 MB fit under 80 MB, a fifth does not");
    }

    @Test
    void aFileThatDoesNotArriveIsExplainedAndTheModelIsNotAsked() {
        relay.failure = new FileTransferException(FileTransferException.Reason.DOWNLOAD, "telegram down", null);
        assertEquals(List.of("Не удалось получить файл из Telegram. Пришлите его ещё раз."), texts(handle(privateFile("", "ru", photo()))));
        relay.failure = new FileTransferException(FileTransferException.Reason.UPLOAD, "quota",
                new ModelException(ModelException.Kind.QUOTA, "402"));
        assertEquals(List.of(texts.failure("ru", ModelException.Kind.QUOTA)), texts(handle(privateFile("", "ru", photo()))));
        relay.failure = new FileTransferException(FileTransferException.Reason.TOO_LARGE, "grew", null);
        assertEquals(List.of("The file is too large: I read files of this kind up to 15 MB."), texts(handle(privateFile("", "en", photo()))));
        assertTrue(requests.isEmpty());
    }

    @Test
    void aFailedAnswerDoesNotKeepTheFile() {
        options = new ChatOptions(0.8, Optional.empty(), 20, "GigaChat");
        failWith(ModelException.Kind.UNAVAILABLE);
        handle(privateFile("что это?", "ru", photo()));
        assertEquals(List.of("g1"), relay.deleted);
    }

    @Test
    void whatTheBotIsBusyWithIsToldAsItGoes() {
        List<Activity> seen = new ArrayList<>();
        ChatService service = service();
        service.answer(service.decide(privateFile("", "ru", photo())).prompt(), null, seen::add);
        service.answer(service.decide(privateFile("", "ru", new Attachment(Attachment.Kind.DOCUMENT, "d", "a.pdf", null, 1))).prompt(),
                null, seen::add);
        service.answer(service.decide(privateFile("", "ru", new Attachment(Attachment.Kind.VOICE, "v", null, null, 1))).prompt(),
                null, seen::add);
        assertEquals(List.of(Activity.READING_PHOTO, Activity.THINKING, Activity.READING_DOCUMENT, Activity.THINKING,
                Activity.READING_AUDIO, Activity.THINKING), seen);

        seen.clear();
        picturesAre(JPEG);
        answerWith(new Completion("<img src=\"" + FILE_ID + "\"/>", "stop"));
        service.answer(service.decide(privateMessage("нарисуй", "ru")).prompt(), null, seen::add);
        answerWith(new Completion("просто текст", "stop"));
        service.answer(service.decide(privateMessage("скажи", "ru")).prompt(), null, seen::add);
        assertEquals(List.of(Activity.FETCHING_PICTURE), seen);
    }

    @Test
    void aChosenModelGigaChatNoLongerKnowsFallsBackToTheDefaultAndIsForgotten() throws Exception {
        store.setModel(USER, "GigaChat-Max");
        model = request -> {
            requests.add(request);
            if ("GigaChat-Max".equals(request.model())) {
                throw new ModelException(ModelException.Kind.NO_SUCH_MODEL, "404 No such model");
            }
            return new Completion("Ответ модели", "stop");
        };

        assertEquals(List.of("Ответ модели"), texts(handle(privateMessage("вопрос", "ru"))));

        assertEquals(List.of("GigaChat-Max", "GigaChat"), requests.stream().map(CompletionRequest::model).toList());
        assertEquals(Optional.empty(), store.model(USER), "forgotten: the chat follows gigachat.model again");
    }

    @Test
    void anUnknownDefaultModelIsTheOwnersToFix() {
        failWith(ModelException.Kind.NO_SUCH_MODEL);
        assertEquals(List.of(texts.failure("ru", ModelException.Kind.NO_SUCH_MODEL)), texts(handle(privateMessage("вопрос", "ru"))));
        assertEquals(1, requests.size(), "asked once: there is nothing to fall back to");
        assertTrue(texts.failure("ru", ModelException.Kind.NO_SUCH_MODEL).contains("gigachat.model"));
    }

    @Test
    void choosingTheDefaultModelStoresNoChoice() throws Exception {
        handle(privateMessage("/model GigaChat-2-Max", "ru"));
        assertEquals(Optional.of("GigaChat-2-Max"), store.model(USER));
        assertEquals(List.of("Готово: в этом чате теперь отвечает GigaChat."), texts(handle(privateMessage("/model gigachat", "ru"))));
        assertEquals(Optional.empty(), store.model(USER), "the default, so a new gigachat.model applies here too");
    }
}
