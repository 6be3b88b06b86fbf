package io.github.gigabot.telegram;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jetbrains.annotations.NotNull;

/**
 * Keeps one unreadable update from wedging polling. TelegramBots fails a whole {@code getUpdates}
 * batch when one update does not fit its model (a new Bot API field of an unexpected type, say) and
 * then asks for the same batch forever. This replaces such an update with its bare {@code update_id}:
 * the library still advances past it, and the bot ignores it. Webhook calls go through the same
 * {@link UpdateReader}.
 */
final class UnreadableUpdateFilter implements Interceptor {

    private final ObjectMapper json;
    private final UpdateReader reader;

    UnreadableUpdateFilter(ObjectMapper json) {
        this.json = json;
        this.reader = new UpdateReader(json);
    }

    @NotNull
    @Override
    public Response intercept(@NotNull Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        if (!response.isSuccessful() || response.body() == null
                || !chain.request().url().encodedPath().toLowerCase(java.util.Locale.ROOT).endsWith("/getupdates")) {
            return response;
        }
        MediaType type = response.body().contentType();
        String body = response.body().string();
        return response.newBuilder().body(ResponseBody.create(filter(body), type)).build();
    }

    private String filter(String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            return body; // Not JSON at all: the library reports that as a failed poll.
        }
        JsonNode result = root == null ? null : root.get("result");
        if (!(result instanceof ArrayNode)) {
            return body;
        }
        boolean changed = false;
        ArrayNode updates = (ArrayNode) result;
        for (int i = 0; i < updates.size(); i++) {
            JsonNode readable = reader.readable(updates.get(i));
            if (readable != updates.get(i)) {
                updates.set(i, readable);
                changed = true;
            }
        }
        return changed ? root.toString() : body;
    }
}
