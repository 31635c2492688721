package dev.kez.chat.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.json.Json;

/**
 * The answer to a posted envelope (chat.md §4): {@code {"id","to","seq"}}, seq in the sender's own
 * log.
 */
public record Posted(String id, Handle to, long seq) {
  public static Posted parse(JsonNode node) {
    ObjectNode o = Envelope.object(node, "post answer");
    return new Posted(
        ChatMessage.checkId(Json.string(o, "id")),
        Handle.parse(Json.string(o, "to")),
        Json.integer(o, "seq"));
  }

  public ObjectNode toJson() {
    return Json.newObject().put("id", id).put("to", to.value()).put("seq", seq);
  }
}
