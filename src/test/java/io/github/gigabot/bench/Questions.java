package io.github.gigabot.bench;

/**
 * What each simulated user asks and what the stand-in model answers, in one place, so the check of
 * every delivered answer and the stand-in cannot drift apart. Plain Cyrillic text with no Markdown
 * or HTML characters, so the bot's rendering leaves it as it is; about 100 characters of answer.
 */
final class Questions {

    private Questions() {
    }

    static String question(long chatId) {
        return "Вопрос от чата " + chatId + ", расскажите коротко про погоду, новости и курс валют на сегодня";
    }

    static String answerTo(String question) {
        return "Ответ на: " + question;
    }

    static String expectedAnswer(long chatId) {
        return answerTo(question(chatId));
    }
}
