package io.github.gigabot;

import static io.github.gigabot.fakes.FakeTelegram.mention;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.gigabot.config.ConfigException;
import io.github.gigabot.fakes.FakeGigaChat;
import io.github.gigabot.fakes.FakeTelegram.Sent;
import io.github.gigabot.fakes.FakeTelegram;
import org.junit.jupiter.api.Test;

/**
 * The whole bot, started through {@link Main#launch} exactly as {@code main} does, against a fake
 * Bot API and a fake GigaChat on loopback. Asserts on what reaches the fake Telegram.
 */
class BotEndToEndTest extends EndToEndTest {

    private static final long USER = 4242;
    private static final long GROUP = -1001234567890L;

    private BotApplication app;

    private void startBot() throws Exception {
        app = bot.start();
    }

    private void restartBot() throws Exception {
        bot.restart();
        app = bot.app();
    }

    @Test
    void privateMessageGoesToGigaChatAndTheAnswerComesBack() throws Exception {
        startBot();
        telegram.privateMessage(USER, "ru", "Привет 👋 как дела?");

        List<Sent> sent = telegram.awaitSent(1, WAIT);

        assertEquals(List.of(new Sent(USER, "Ответ: Привет 👋 как дела?", null, null)), sent);
        assertEquals(1, gigachat.tokenRequests());
        JsonNode request = gigachat.chatRequests().get(0);
        assertEquals("GigaChat", request.get("model").asText());
        assertEquals(1, request.get("messages").size());
        assertEquals("user", request.get("messages").get(0).get("role").asText());
        assertEquals("Привет 👋 как дела?", request.get("messages").get(0).get("content").asText());
        assertEquals(0.8, request.get("temperature").asDouble());
        assertEquals(1.0, request.get("top_p").asDouble());
        assertEquals(1, request.get("n").asInt());
        assertTrue(request.get("stream").asBoolean(), "private chats stream by default");
        assertEquals(1024, request.get("max_tokens").asInt());
        assertEquals(1.0, request.get("repetition_penalty").asDouble());

        List<String> methods = telegram.calls().stream().map(FakeTelegram.Call::method).collect(Collectors.toList());
        assertEquals("getme", methods.get(0), "token checked first");
        assertEquals(List.of("setmycommands", "setmycommands"),
                methods.stream().filter(method -> method.equals("setmycommands")).collect(Collectors.toList()),
                "the menu is set once per language, beside polling rather than before it");
        assertTrue(methods.contains("deletewebhook"), "polling, not a webhook: " + methods);
        List<FakeTelegram.Call> menus = telegram.calls("setMyCommands");
        assertEquals("ru", menus.get(0).text("language_code"));
        assertEquals("model", menus.get(0).body().path("commands").get(3).path("command").asText());
        assertEquals("usage", menus.get(0).body().path("commands").get(4).path("command").asText());
        assertEquals("reset", menus.get(0).body().path("commands").get(5).path("command").asText());
        assertEquals("Забыть разговор и начать заново", menus.get(0).body().path("commands").get(5).path("description").asText());
        assertEquals(null, menus.get(1).text("language_code"));
        assertEquals("List of commands", menus.get(1).body().path("commands").get(1).path("description").asText());
        assertTrue(methods.indexOf("sendchataction") >= 0 && methods.indexOf("sendchataction") < methods.indexOf("sendmessage"),
                "typing shown before the answer: " + methods);
        assertEquals("typing", telegram.calls("sendChatAction").get(0).text("action"));
    }

    @Test
    void oneChatsMessagesAreAnsweredInOrderAndChatsDoNotMix() throws Exception {
        startBot();
        for (int i = 1; i <= 5; i++) {
            telegram.privateMessage(USER, "ru", "вопрос " + i);
            telegram.privateMessage(USER + 1, "en", "question " + i);
        }

        List<Sent> sent = telegram.awaitSent(10, WAIT);

        List<String> first = sent.stream().filter(s -> s.chatId() == USER).map(Sent::text).collect(Collectors.toList());
        List<String> second = sent.stream().filter(s -> s.chatId() == USER + 1).map(Sent::text).collect(Collectors.toList());
        assertEquals(List.of("Ответ: вопрос 1", "Ответ: вопрос 2", "Ответ: вопрос 3", "Ответ: вопрос 4", "Ответ: вопрос 5"), first);
        assertEquals(List.of("Ответ: question 1", "Ответ: question 2", "Ответ: question 3", "Ответ: question 4", "Ответ: question 5"), second);
        assertEquals(1, gigachat.tokenRequests(), "the token is reused");
    }

    @Test
    void groupAnswersMentionsAndRepliesAndIgnoresChatter() throws Exception {
        startBot();
        telegram.groupMessage(GROUP, 1, "просто болтаем", List.of());
        String question = "👍🏽 @" + FakeTelegram.BOT_USERNAME.toLowerCase() + " сколько будет 2+2?";
        int asked = telegram.groupMessage(GROUP, 1, question, List.of(mention(5, FakeTelegram.BOT_USERNAME)));
        telegram.groupMessage(GROUP, 2, "@otherbot привет", List.of(mention(0, "otherbot")));
        int replied = telegram.groupReplyToBot(GROUP, 2, "а почему?", 999);

        List<Sent> sent = telegram.awaitSent(2, WAIT);
        Thread.sleep(300);

        assertEquals(List.of(
                new Sent(GROUP, "Ответ: 👍🏽 сколько будет 2+2?", asked, null),
                new Sent(GROUP, "Ответ: а почему?", replied, null)), telegram.sentMessages());
        assertEquals(2, gigachat.chatRequests().size(), "chatter never reaches the model");
        assertEquals(2, sent.size());
        assertFalse(gigachat.chatRequests().get(0).get("stream").asBoolean(), "groups get the finished answer only");
        assertTrue(telegram.calls("sendMessageDraft").isEmpty(), "no drafts in groups");
    }

    @Test
    void bareMentionGetsAHintAndNoModelCall() throws Exception {
        startBot();
        int asked = telegram.groupMessage(GROUP, 1, "@" + FakeTelegram.BOT_USERNAME, List.of(mention(0, FakeTelegram.BOT_USERNAME)));

        Sent hint = telegram.awaitSent(1, WAIT).get(0);

        assertEquals(asked, hint.replyTo());
        assertTrue(hint.text().contains("@" + FakeTelegram.BOT_USERNAME), hint.text());
        assertTrue(gigachat.chatRequests().isEmpty());
    }

    @Test
    void commandsAndStickers() throws Exception {
        startBot();
        telegram.privateSticker(USER);
        telegram.privateMessage(USER, "ru", "/start");
        telegram.privateMessage(USER, "en", "/help");
        telegram.groupMessage(GROUP, 1, "/help@someotherbot", List.of(Map.of("type", "bot_command", "offset", 0, "length", 18)));
        telegram.groupMessage(GROUP, 1, "/help@" + FakeTelegram.BOT_USERNAME,
                List.of(Map.of("type", "bot_command", "offset", 0, "length", 6 + FakeTelegram.BOT_USERNAME.length())));

        telegram.awaitSent(4, WAIT);
        Thread.sleep(300);
        List<Sent> sent = telegram.sentMessages();

        assertEquals(4, sent.size(), "/help@someotherbot is ignored: " + sent);
        List<Sent> inPrivate = sent.stream().filter(s -> s.chatId() == USER).collect(Collectors.toList());
        assertEquals(3, inPrivate.size());
        assertTrue(inPrivate.get(0).text().startsWith("Такой файл GigaChat не прочитает."), "a sticker is told what is read: "
                + inPrivate.get(0).text());
        assertTrue(inPrivate.get(1).text().startsWith("Привет!"), "/start in Russian: " + inPrivate.get(1).text());
        assertTrue(inPrivate.get(2).text().startsWith("What I can do"), "/help in English: " + inPrivate.get(2).text());
        Sent inGroup = sent.stream().filter(s -> s.chatId() == GROUP).findFirst().orElseThrow();
        assertTrue(inGroup.text().contains("/temp"), "help lists /temp: " + inGroup.text());
        assertTrue(gigachat.chatRequests().isEmpty(), "commands never reach the model");
    }

    @Test
    void temperatureIsSetShownRejectedAndKeptOverARestart() throws Exception {
        startBot();
        telegram.privateMessage(USER, "ru", "/temp");
        telegram.privateMessage(USER, "ru", "/temp 1,5");
        telegram.privateMessage(USER, "ru", "/temp 5");
        telegram.privateMessage(USER, "ru", "/temp ноль 🔥");
        telegram.privateMessage(USER, "ru", "/temp");
        telegram.privateMessage(USER, "ru", "скажи что-нибудь");

        List<Sent> sent = telegram.awaitSent(6, WAIT);

        assertTrue(sent.get(0).text().contains("0.8"), sent.get(0).text());
        assertTrue(sent.get(1).text().contains("1.5"), sent.get(1).text());
        assertFalse(sent.get(2).text().contains("1.5"), "a rejected value is not confirmed: " + sent.get(2).text());
        assertTrue(sent.get(2).text().contains("2"), "the error names the range: " + sent.get(2).text());
        assertFalse(sent.get(3).text().contains("1.5"), "words are rejected too: " + sent.get(3).text());
        assertTrue(sent.get(3).text().contains("2"), sent.get(3).text());
        assertTrue(sent.get(4).text().contains("1.5"), "rejected values changed nothing: " + sent.get(4).text());
        assertEquals(1.5, gigachat.chatRequests().get(0).get("temperature").asDouble());

        restartBot();
        telegram.privateMessage(USER, "ru", "/temp");
        telegram.privateMessage(USER, "ru", "ещё раз");
        telegram.privateMessage(USER + 1, "ru", "а у меня?");

        List<Sent> after = telegram.awaitSent(9, WAIT);
        assertTrue(after.get(6).text().contains("1.5"), "kept over the restart: " + after.get(6).text());
        List<Double> temperatures = new ArrayList<>();
        gigachat.chatRequests().forEach(r -> temperatures.add(r.get("temperature").asDouble()));
        assertTrue(temperatures.containsAll(List.of(1.5, 0.8)) && temperatures.size() == 3, temperatures.toString());
    }

    @Test
    void modelIsListedChosenRefusedAndKeptOverARestart() throws Exception {
        startBot();
        telegram.privateMessage(USER, "ru", "/model");
        telegram.privateMessage(USER, "ru", "/model GigaChat-2-Max");
        telegram.privateMessage(USER, "en", "/model GPT-5 🤖");
        telegram.privateMessage(USER, "ru", "вопрос");
        telegram.groupMessage(GROUP, USER, "/model GigaChat-2-Pro", List.of());

        List<Sent> all = telegram.awaitSent(5, WAIT);
        List<Sent> sent = all.stream().filter(m -> m.chatId() == USER).toList();
        assertTrue(sent.get(0).text().startsWith("Модель в этом чате: GigaChat.\n\nДоступные модели:\n• GigaChat\n"),
                "the configured model and the key's list: " + sent.get(0).text());
        assertFalse(sent.get(0).text().contains("Embeddings"), "only chat models: " + sent.get(0).text());
        assertEquals("Готово: в этом чате теперь отвечает GigaChat-2-Max.", sent.get(1).text());
        assertTrue(sent.get(2).text().startsWith("There is no such model. The model is unchanged."), sent.get(2).text());
        assertEquals(List.of("Менять настройки в группе могут только её администраторы."),
                all.stream().filter(m -> m.chatId() == GROUP).map(Sent::text).toList());
        assertEquals(List.of("GigaChat-2-Max"), gigachat.chatRequests().stream().map(r -> r.get("model").asText()).toList());
        assertEquals(1, gigachat.modelRequests(), "the list is remembered between commands");

        restartBot();
        telegram.privateMessage(USER, "ru", "ещё вопрос");
        telegram.privateMessage(USER + 1, "ru", "а у меня?");
        telegram.awaitSent(7, WAIT);
        assertEquals(List.of("GigaChat", "GigaChat-2-Max", "GigaChat-2-Max"),
                gigachat.chatRequests().stream().map(r -> r.get("model").asText()).sorted().toList(),
                "kept over the restart; other chats keep the default");
    }

    @Test
    void aUsersDailyTokenLimitStopsTheirQuestionsButNotOthersNorTheBotsAdmin() throws Exception {
        // The fake GigaChat charges 15 tokens an answer.
        app = bot.setting("bot.daily-token-limit", "20").setting("bot.admin-users", String.valueOf(USER + 2)).start();
        telegram.privateMessage(USER, "ru", "раз");
        telegram.privateMessage(USER, "ru", "два");
        telegram.privateMessage(USER, "ru", "три");
        telegram.privateMessage(USER, "ru", "/usage");
        List<Sent> mine = telegram.awaitSent(4, WAIT);

        assertEquals(List.of("Ответ: раз", "Ответ: два",
                "Вы потратили дневной лимит токенов GigaChat (20). Лимит обновится в 00:00 UTC.",
                "Ваши токены GigaChat: сегодня 30, в этом месяце 30.\nЭтот чат: сегодня 30, в этом месяце 30.\n\nВаш дневной лимит: 20 токенов, осталось 0. "
                        + "Лимит обновляется в 00:00 UTC."),
                mine.stream().map(Sent::text).toList());
        assertEquals(2, gigachat.chatRequests().size(), "no model call past the limit");

        for (int i = 0; i < 3; i++) {
            telegram.privateMessage(USER + 2, "en", "admin " + i);
        }
        telegram.privateMessage(USER + 1, "en", "hi");
        telegram.privateMessage(USER + 2, "en", "/usage all");
        List<Sent> all = telegram.awaitSent(9, WAIT);
        assertEquals(List.of("Ответ: admin 0", "Ответ: admin 1", "Ответ: admin 2"),
                all.stream().filter(m -> m.chatId() == USER + 2).map(Sent::text).limit(3).toList(), "the bot's admin is spared");
        assertEquals(List.of("Ответ: hi"), all.stream().filter(m -> m.chatId() == USER + 1).map(Sent::text).toList());
        String report = all.stream().filter(m -> m.chatId() == USER + 2).map(Sent::text).reduce((a, b) -> b).orElseThrow();
        assertTrue(report.startsWith("The whole bot: today "), report);
        assertTrue(report.contains("\n" + (USER + 2) + ": 45\n" + USER + ": 30"), report);
    }

    @Test
    void aDrawnPictureArrivesAsAPhotoAndNoTagEverReachesTheUser() throws Exception {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x10, 0x20};
        String fileId = "b28fbd4f-105a-43e0-ba5a-2faa80b1f43c";
        gigachat.picture(fileId, jpeg);
        gigachat.answer(request -> FakeGigaChat.completion(FakeGigaChat.lastUserMessage(request).equals("нарисуй кота")
                ? "Запускаю генерацию изображения. <img src=\"" + fileId + "\" fuse=\"true\"/> - вот **кот**."
                : "<img src=\"00000000-0000-0000-0000-000000000000\" fuse=\"true\"/>", "stop"));
        startBot();
        telegram.privateMessage(USER, "ru", "нарисуй кота");
        telegram.groupMessage(GROUP, USER, "@" + FakeTelegram.BOT_USERNAME + " нарисуй собаку",
                List.of(mention(0, FakeTelegram.BOT_USERNAME)));

        List<Sent> group = telegram.awaitSent(1, WAIT);
        awaitPhotos(1);
        assertEquals(List.of(new Sent(USER, "Запускаю генерацию изображения. - вот <b>кот</b>.", null, null)), telegram.sentPhotos());
        assertTrue(java.util.Arrays.equals(jpeg, telegram.uploads().get(0)));
        assertEquals(List.of("(Картинку GigaChat нарисовал, но отдать её не смог. Попросите нарисовать ещё раз.)"),
                group.stream().map(Sent::text).toList(), "a picture that cannot be fetched is said in words");
        assertEquals("auto", gigachat.chatRequests().get(0).get("function_call").asText());
        for (FakeTelegram.Call call : telegram.calls()) {
            assertFalse(call.body().toString().contains("<img"), "a tag reached Telegram: " + call);
        }
    }

    private void awaitPhotos(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (telegram.sentPhotos().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no photo sent; calls: " + telegram.calls());
            }
            Thread.sleep(20);
        }
    }

    @Test
    void withAPersonalKeyTheBotsDailyLimitHoldsForChatsAskingAtOnce() throws Exception {
        // 15 tokens an answer, a limit of 20: the second answer crosses it, the third is not asked.
        gigachat.answer(request -> FakeGigaChat.completion("Ответ: " + FakeGigaChat.lastUserMessage(request), "stop")
                .setBodyDelay(200, java.util.concurrent.TimeUnit.MILLISECONDS));
        app = bot.setting("bot.total-daily-token-limit", "20").setting("gigachat.max-concurrency", "1")
                .setting("bot.streaming", "false").start();
        for (int i = 0; i < 3; i++) {
            telegram.privateMessage(USER + i, "ru", "вопрос " + i);
        }

        List<Sent> sent = telegram.awaitSent(3, WAIT);

        assertEquals(2, gigachat.chatRequests().size(), "the third question waited its turn, then was not asked");
        assertEquals(1, sent.stream().filter(m -> m.text().startsWith("Бот потратил дневной лимит")
                || m.text().startsWith("Вопрос не задан")).count(), texts(sent).toString());
    }

    @Test
    void longAnswerIsSplitWithNothingLost() throws Exception {
        StringBuilder answer = new StringBuilder();
        for (int i = 0; answer.length() < 10_000; i++) {
            answer.append("Абзац номер ").append(i).append(". ").append("Текст 🙂 ".repeat(30)).append("\n\n");
        }
        String content = answer.toString().strip();
        gigachat.answer(request -> FakeGigaChat.completion(content, "stop"));
        startBot();
        telegram.privateMessage(USER, "ru", "расскажи длинно");

        List<Sent> sent = telegram.awaitSent(3, WAIT);
        Thread.sleep(300);
        sent = telegram.sentMessages();

        assertEquals(3, sent.size(), "10 000 characters need three messages");
        for (Sent part : sent) {
            assertTrue(part.text().length() <= 4096, "part of " + part.text().length());
            assertFalse(part.text().isBlank());
        }
        assertEquals(content.replaceAll("\\s+", ""), texts(sent).stream().collect(Collectors.joining()).replaceAll("\\s+", ""));
    }

    @Test
    void modelFailureIsAnsweredAndTheNextMessageStillWorks() throws Exception {
        gigachat.answer(request -> FakeGigaChat.error(503, "Service Unavailable"));
        startBot();
        telegram.privateMessage(USER, "ru", "первый");
        Sent failure = telegram.awaitSent(1, WAIT).get(0);

        gigachat.answer(request -> FakeGigaChat.completion("Ответ: " + FakeGigaChat.lastUserMessage(request), "stop"));
        telegram.privateMessage(USER, "ru", "второй");
        List<Sent> sent = telegram.awaitSent(2, WAIT);

        assertFalse(failure.text().isBlank());
        assertFalse(failure.text().contains("503"), "no technical details for the user: " + failure.text());
        assertFalse(failure.text().contains("Exception"), failure.text());
        assertEquals("Ответ: второй", sent.get(1).text());
    }

    @Test
    void rejectedTokenStopsStartUp() throws Exception {
        telegram.script("getMe", FakeTelegram.error(401, "Unauthorized"));

        ConfigException e = assertThrows(ConfigException.class, this::startBot);

        assertEquals("telegram.bot-token", e.key());
        assertTrue(telegram.calls("getUpdates").isEmpty());
    }

    @Test
    void stoppingWaitsForTheAnswerInProgress() throws Exception {
        gigachat.answer(request -> FakeGigaChat.completion("медленный ответ", "stop").setBodyDelay(1, java.util.concurrent.TimeUnit.SECONDS));
        startBot();
        telegram.privateMessage(USER, "ru", "не торопись");
        telegram.awaitUpdatesTaken(WAIT);
        while (gigachat.chatRequests().isEmpty()) {
            Thread.sleep(10);
        }

        app.close();

        assertEquals(List.of("медленный ответ"), texts(telegram.sentMessages()), "the answer in progress was delivered");
    }

    @Test
    void messagesWaitingAtShutdownAreAnsweredAfterTheRestart() throws Exception {
        gigachat.answer(request -> FakeGigaChat.completion("Ответ: " + FakeGigaChat.lastUserMessage(request), "stop")
                .setBodyDelay(500, java.util.concurrent.TimeUnit.MILLISECONDS));
        startBot();
        telegram.privateMessage(USER, "ru", "первый");
        telegram.privateMessage(USER, "ru", "второй");
        telegram.privateMessage(USER, "ru", "третий");
        while (gigachat.chatRequests().isEmpty()) {
            Thread.sleep(10);
        }

        app.close();
        List<String> beforeRestart = texts(telegram.sentMessages());
        restartBot();

        assertEquals(List.of("Ответ: первый"), beforeRestart, "the answer in progress finished, the rest waited");
        assertEquals(List.of("Ответ: первый", "Ответ: второй", "Ответ: третий"), texts(telegram.awaitSent(3, WAIT)));
        Thread.sleep(300);
        assertEquals(3, telegram.sentMessages().size(), "nothing answered twice");
    }

    @Test
    void markdownAnswersArriveAsTelegramHtml() throws Exception {
        gigachat.answer(request -> FakeGigaChat.completion("## План\n\n1. **Купить** хлеб\n2. Проверить `a < b`\n\n```python\nprint(1)\n```", "stop"));
        startBot();
        telegram.privateMessage(USER, "ru", "план?");

        telegram.awaitSent(1, WAIT);
        FakeTelegram.Call call = telegram.calls("sendMessage").get(0);

        assertEquals("html", call.text("parse_mode"));
        assertEquals("<b>План</b>\n\n1. <b>Купить</b> хлеб\n2. Проверить <code>a &lt; b</code>\n\n"
                + "<pre><code class=\"language-python\">print(1)</code></pre>", call.text("text"));
        telegram.privateMessage(USER, "ru", "/help");
        telegram.awaitSent(2, WAIT);
        assertEquals(null, telegram.calls("sendMessage").get(1).text("parse_mode"), "our own texts are plain");
    }

    @Test
    void conversationIsRememberedAcrossARestartUntilReset() throws Exception {
        startBot();
        telegram.privateMessage(USER, "ru", "Меня зовут Аня");
        telegram.awaitSent(1, WAIT);
        restartBot();
        telegram.privateMessage(USER, "ru", "Как меня зовут?");
        telegram.awaitSent(2, WAIT);
        telegram.privateMessage(USER, "ru", "/reset");
        telegram.privateMessage(USER, "ru", "А теперь?");
        List<Sent> sent = telegram.awaitSent(4, WAIT);

        assertEquals("Начнём заново: я забыл наш разговор. Температура осталась прежней.", sent.get(2).text());
        List<JsonNode> requests = gigachat.chatRequests();
        assertEquals(3, requests.get(1).get("messages").size(), "question, answer, new question");
        assertEquals("Ответ: Меня зовут Аня", requests.get(1).get("messages").get(1).get("content").asText());
        assertEquals(1, requests.get(2).get("messages").size(), "forgotten after /reset");
    }

    // ---- streaming ------------------------------------------------------------------------------

    @Test
    void privateAnswerGrowsInADraftBeforeTheFinalMessage() throws Exception {
        String answer = "Первая мысль. " + "Ещё немного текста, который пишется постепенно. ".repeat(12) + "**Итог.**";
        gigachat.answer(request -> FakeGigaChat.completion(answer, "stop"));
        gigachat.slowStreams();
        startBot();
        long started = System.nanoTime();
        telegram.privateMessage(USER, "ru", "думай вслух");

        Sent fin = telegram.awaitSent(1, WAIT).get(0);
        long totalMillis = (System.nanoTime() - started) / 1_000_000;

        List<FakeTelegram.Call> drafts = telegram.calls("sendMessageDraft");
        assertTrue(drafts.size() >= 2, "several draft updates: " + drafts.size());
        List<String> methods = telegram.calls().stream().map(FakeTelegram.Call::method).collect(Collectors.toList());
        assertTrue(methods.indexOf("sendmessagedraft") < methods.indexOf("sendmessage"), "drafts come first");
        String draftId = drafts.get(0).text("draft_id");
        for (int i = 0; i < drafts.size(); i++) {
            assertEquals(draftId, drafts.get(i).text("draft_id"), "one draft, updated in place");
            assertEquals(String.valueOf(USER), drafts.get(i).text("chat_id"));
            assertEquals("html", drafts.get(i).text("parse_mode"));
            assertTrue(i == 0 || drafts.get(i).text("text").length() >= drafts.get(i - 1).text("text").length(), "grows");
        }
        assertTrue(drafts.get(drafts.size() - 1).text("text").length() < fin.text().length(), "the draft shows part of it");
        assertTrue(fin.text().endsWith("<b>Итог.</b>"), fin.text());
        System.out.println("Streaming over loopback: first draft after the question, then the final message after "
                + totalMillis + " ms; " + drafts.size() + " draft updates");
    }

    @Test
    void streamCutMidwayEndsWithWhatArrivedAndANote() throws Exception {
        gigachat.answer(request -> new okhttp3.mockwebserver.MockResponse().setHeader("Content-Type", "text/event-stream")
                .setBody("data: {\"choices\":[{\"delta\":{\"content\":\"Начало ответа,\"},\"index\":0}]}\n\n"
                        + "data: {\"choices\":[{\"delta\":{\"content\":\" а потом\"},\"index\":0}]}\n\n"));
        startBot();
        telegram.privateMessage(USER, "ru", "расскажи");

        assertEquals("Начало ответа, а потом\n\n<i>(Ответ прервался: связь с GigaChat оборвалась. "
                + "Спросите ещё раз, чтобы получить его целиком.)</i>", telegram.awaitSent(1, WAIT).get(0).text());
        gigachat.answer(request -> FakeGigaChat.completion("Ответ: " + FakeGigaChat.lastUserMessage(request), "stop"));
        telegram.privateMessage(USER, "ru", "ещё раз");
        assertEquals("Ответ: ещё раз", telegram.awaitSent(2, WAIT).get(1).text());
    }

    @Test
    void streamingCanBeSwitchedOff() throws Exception {
        bot.setting("bot.streaming", "false");
        startBot();
        telegram.privateMessage(USER, "ru", "без черновиков");

        assertEquals("Ответ: без черновиков", telegram.awaitSent(1, WAIT).get(0).text());
        assertFalse(gigachat.chatRequests().get(0).get("stream").asBoolean());
        assertTrue(telegram.calls("sendMessageDraft").isEmpty());
    }
}
