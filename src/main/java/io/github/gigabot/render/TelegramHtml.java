package io.github.gigabot.render;

/** Escaping for the HTML subset Telegram accepts, and the way back to plain text. */
public final class TelegramHtml {

    private TelegramHtml() {
    }

    /** Escapes text for use between tags: only {@code &}, {@code <} and {@code >} matter to Telegram. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }

    /** Escapes an attribute value (which is always written in double quotes). */
    static String escapeAttribute(String value) {
        return escape(value).replace("\"", "&quot;");
    }

    /** What the reader would see: tags dropped, entities turned back into characters. */
    public static String toPlainText(String html) {
        return html.replaceAll("<[^>]*>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }
}
