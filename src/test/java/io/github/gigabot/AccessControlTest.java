package io.github.gigabot;

import static io.github.gigabot.fakes.FakeTelegram.mention;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.gigabot.fakes.FakeTelegram.Sent;
import io.github.gigabot.fakes.FakeTelegram;
import org.junit.jupiter.api.Test;

/** The owner's rules, through the real wiring and the loopback fakes. */
class AccessControlTest extends EndToEndTest {

    private static final long OWNER = 111;
    private static final long STRANGER = 222;
    private static final long TEAM = -1009876543210L;
    private static final long OTHER_GROUP = -1001111111111L;

    private static List<Map<String, Object>> mentionAt0() {
        return List.of(mention(0, FakeTelegram.BOT_USERNAME));
    }

    private static String ask(String question) {
        return "@" + FakeTelegram.BOT_USERNAME + " " + question;
    }

    @Test
    void onlyAllowedUsersAndGroupsReachTheModel() throws Exception {
        bot.setting("bot.allowed-users", String.valueOf(OWNER)).setting("bot.allowed-chats", String.valueOf(TEAM)).start();

        telegram.privateMessage(STRANGER, "ru", "дай ответ");
        telegram.privateMessage(STRANGER, "ru", "ну дай");
        telegram.privateMessage(OWNER, "ru", "вопрос владельца");
        telegram.groupMessage(TEAM, STRANGER, ask("в команде"), mentionAt0());
        telegram.groupMessage(OTHER_GROUP, 333, "en", ask("in another group"), mentionAt0());
        telegram.groupMessage(OTHER_GROUP, OWNER, ask("владелец в чужой группе"), mentionAt0());

        telegram.awaitSent(5, WAIT);
        Thread.sleep(300);
        List<Sent> sent = telegram.sentMessages();

        assertEquals(List.of("Извините, этот бот только для своих. Ваш Telegram id: 222. Передайте его владельцу бота, чтобы он вас добавил."),
                textsIn(sent, STRANGER), "one refusal for two messages");
        assertEquals(List.of("Ответ: вопрос владельца"), textsIn(sent, OWNER));
        assertEquals(List.of("Ответ: в команде"), textsIn(sent, TEAM));
        assertEquals(List.of("Sorry, this bot is private. Your Telegram id is 333. Send it to the bot's owner to be added.",
                "Ответ: владелец в чужой группе"), textsIn(sent, OTHER_GROUP));
        assertEquals(3, gigachat.chatRequests().size(), "refused messages never reach GigaChat");
    }

    @Test
    void groupTemperatureIsForAdmins() throws Exception {
        telegram.memberStatus(TEAM, OWNER, "creator");
        telegram.memberStatus(TEAM, 555, "administrator");
        bot.start();

        telegram.groupMessage(TEAM, STRANGER, "/temp 1.9", List.of());
        telegram.groupMessage(TEAM, OWNER, "/temp 1.2", List.of());
        telegram.groupMessage(TEAM, STRANGER, "/temp", List.of());
        telegram.groupMessage(TEAM, 555, "/temp 0,6", List.of());
        telegram.groupMessage(TEAM, STRANGER, ask("и?"), mentionAt0());
        List<Sent> sent = telegram.awaitSent(5, WAIT);

        assertEquals("Менять настройки в группе могут только её администраторы.", sent.get(0).text());
        assertEquals("Готово: температура в этом чате теперь 1.2.", sent.get(1).text());
        assertTrue(sent.get(2).text().startsWith("Температура в этом чате: 1.2."), sent.get(2).text());
        assertEquals("Готово: температура в этом чате теперь 0.6.", sent.get(3).text());
        assertEquals(0.6, gigachat.chatRequests().get(0).get("temperature").asDouble());
        assertEquals(3, telegram.calls("getChatMember").size(), "one lookup per user, then cached");
    }

    @Test
    void everyoneMayChangeGroupSettingsWhenTheOwnerSaysSo() throws Exception {
        bot.setting("bot.group-settings", "everyone").start();
        telegram.groupMessage(TEAM, STRANGER, "/temp 1.7", List.of());

        assertEquals("Готово: температура в этом чате теперь 1.7.", telegram.awaitSent(1, WAIT).get(0).text());
        assertTrue(telegram.calls("getChatMember").isEmpty());
    }

    @Test
    void floodIsStoppedBeforeTheModel() throws Exception {
        bot.setting("bot.rate-limit", "3").start();
        for (int i = 1; i <= 6; i++) {
            telegram.privateMessage(OWNER, "ru", "вопрос " + i);
        }
        telegram.privateMessage(STRANGER, "ru", "а я?");

        telegram.awaitSent(5, WAIT);
        Thread.sleep(500);
        List<String> owner = textsIn(telegram.sentMessages(), OWNER);

        assertEquals(List.of("Ответ: вопрос 1", "Ответ: вопрос 2", "Ответ: вопрос 3"), owner.subList(0, 3));
        assertEquals(4, owner.size(), "three answers and one notice: " + owner);
        assertTrue(owner.get(3).matches("Слишком много вопросов подряд\\. Подождите \\d+ с и спросите снова\\."), owner.get(3));
        assertEquals(List.of("Ответ: а я?"), textsIn(telegram.sentMessages(), STRANGER), "other users are not slowed");
        assertEquals(4, gigachat.chatRequests().size());
    }

    /** Telegram's placeholder accounts in {@code from}; the real sender is {@code sender_chat}. */
    private static final long ANONYMOUS_ADMIN = 1087968824L;
    private static final long AS_CHANNEL = 136817688L;
    private static final long CHANNEL = -1002222222222L;

    @Test
    void anonymousAdministratorMayChangeSettingsWithoutALookup() throws Exception {
        bot.start();
        telegram.groupMessageAs(TEAM, ANONYMOUS_ADMIN, TEAM, "/temp 0.4", List.of());

        assertEquals("Готово: температура в этом чате теперь 0.4.", telegram.awaitSent(1, WAIT).get(0).text());
        assertTrue(telegram.calls("getChatMember").isEmpty(), "the group itself speaking needs no lookup");
    }

    @Test
    void refusalShowsTheChannelsIdNeverThePlaceholders() throws Exception {
        bot.setting("bot.allowed-users", String.valueOf(OWNER)).start();
        telegram.groupMessageAs(OTHER_GROUP, AS_CHANNEL, CHANNEL, ask("от канала"), mentionAt0());

        String refusal = telegram.awaitSent(1, WAIT).get(0).text();
        assertTrue(refusal.contains(String.valueOf(CHANNEL)), refusal);
        assertTrue(!refusal.contains(String.valueOf(AS_CHANNEL)), "never the placeholder's id: " + refusal);
        assertTrue(gigachat.chatRequests().isEmpty());
    }

    @Test
    void channelsAreAllowedAndRateLimitedEachByItsOwnId() throws Exception {
        long otherChannel = CHANNEL - 1;
        bot.setting("bot.allowed-users", CHANNEL + "," + otherChannel).setting("bot.rate-limit", "1").start();
        telegram.groupMessageAs(OTHER_GROUP, AS_CHANNEL, CHANNEL, ask("раз"), mentionAt0());
        telegram.groupMessageAs(OTHER_GROUP, AS_CHANNEL, CHANNEL, ask("снова"), mentionAt0());
        telegram.groupMessageAs(OTHER_GROUP, AS_CHANNEL, otherChannel, ask("два"), mentionAt0());

        List<String> sent = texts(telegram.awaitSent(3, WAIT));
        assertEquals("Ответ: раз", sent.get(0));
        assertTrue(sent.get(1).startsWith("Слишком много вопросов подряд"), sent.get(1));
        assertEquals("Ответ: два", sent.get(2), "another channel has a budget of its own");
    }

    private static List<String> textsIn(List<Sent> sent, long chatId) {
        return sent.stream().filter(s -> s.chatId() == chatId).map(Sent::text).collect(Collectors.toList());
    }
}
