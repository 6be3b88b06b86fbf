package io.github.gigabot.telegram;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Reads updates into TelegramBots' {@link Update} model, polled or pushed alike. An update the model
 * cannot read (a new Bot API field of an unexpected type, say) becomes its bare {@code update_id}:
 * acknowledged and ignored, so it cannot block the updates behind it.
 */
final class UpdateReader {

    private static final Logger log = LoggerFactory.getLogger(UpdateReader.class);

    private final ObjectMapper json;

    UpdateReader(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The update itself when the model can read it, else a bare one with only its id; the update
     * itself also when it has no usable id, as it cannot be skipped then.
     */
    JsonNode readable(JsonNode update) {
        try {
            json.treeToValue(update, Update.class);
            return update;
        } catch (IOException | IllegalArgumentException e) {
            JsonNode id = update.get("update_id");
            if (id == null || !id.canConvertToInt()) {
                return update;
            }
            log.warn("Update {} cannot be read and is skipped: {}", id.asInt(), e.getMessage().lines().findFirst().orElse(""));
            ObjectNode bare = json.createObjectNode();
            bare.set("update_id", id);
            return bare;
        }
    }

    /** Reads one update, or fails when it is not an update at all (not JSON, or no usable id). */
    Update read(byte[] body) throws IOException {
        JsonNode readable = readable(json.readTree(body));
        if (readable == null || !readable.isObject() || readable.get("update_id") == null
                || !readable.get("update_id").canConvertToInt()) {
            throw new IOException("not a Telegram update");
        }
        try {
            return json.treeToValue(readable, Update.class);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a Telegram update: " + e.getMessage(), e);
        }
    }
}
