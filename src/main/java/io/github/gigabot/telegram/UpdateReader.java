package io.github.gigabot.telegram;

import java.io.IOException;
import java.util.Optional;


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
        if (parse(update).isPresent() || !update.path("update_id").canConvertToInt()) {
            return update;
        }
        ObjectNode bare = json.createObjectNode();
        bare.set("update_id", update.get("update_id"));
        return bare;
    }

    /**
     * Reads one update, or its bare id when the model cannot read it; fails when it is not an update
     * at all (not JSON, or no usable id).
     */
    Update read(byte[] body) throws IOException {
        JsonNode tree = json.readTree(body);
        if (tree == null || !tree.isObject() || !tree.path("update_id").canConvertToInt()) {
            throw new IOException("not a Telegram update");
        }
        Optional<Update> update = parse(tree);
        if (update.isPresent()) {
            return update.get();
        }
        Update bare = new Update();
        bare.setUpdateId(tree.get("update_id").asInt());
        return bare;
    }

    /** The update in the model, or empty (and a warning naming its id) when the model cannot read it. */
    private Optional<Update> parse(JsonNode update) {
        try {
            return Optional.of(json.treeToValue(update, Update.class));
        } catch (IOException | IllegalArgumentException e) {
            if (update.path("update_id").canConvertToInt()) {
                log.warn("Update {} cannot be read and is skipped: {}", update.get("update_id").asInt(),
                        e.getMessage().lines().findFirst().orElse(""));
            }
            return Optional.empty();
        }
    }
}
