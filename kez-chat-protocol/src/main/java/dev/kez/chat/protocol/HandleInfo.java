package dev.kez.chat.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of {@code GET /v1/handles/{handle}} (chat.md §5): the handle, the key it is bound to,
 * and its {@code chat_key} records. A reader keeps the records that parse and leaves the judging to
 * {@link ChatKey#usable}: a client never trusts the server's selection.
 */
public record HandleInfo(Handle handle, PublicKey key, List<ChatKey> encKeys) {
  public HandleInfo {
    encKeys = List.copyOf(encKeys);
  }

  public static HandleInfo parse(JsonNode node) {
    ObjectNode o = Envelope.object(node, "handle answer");
    Handle handle = Handle.parse(Json.string(o, "handle"));
    PublicKey key;
    try {
      key = PublicKey.parse(Json.string(o, "key"));
    } catch (MalformedException e) {
      throw new MalformedException("malformed handle answer: " + e.getMessage());
    }
    JsonNode arr = o.get("enc_keys");
    if (arr == null || !arr.isArray())
      throw new MalformedException("malformed handle answer: \"enc_keys\" must be an array");
    List<ChatKey> records = new ArrayList<>();
    for (JsonNode r : arr) {
      try {
        records.add(ChatKey.parse(r));
      } catch (MalformedException e) {
        // a malformed record is one nobody can encrypt to; the others still are
      }
    }
    return new HandleInfo(handle, key, records);
  }

  /** The device keys a sender may encrypt to at {@code now} (chat.md §3). */
  public List<EncKey> usableKeys(long now) {
    return ChatKey.usable(encKeys, handle, key, now);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.newObject().put("handle", handle.value()).put("key", key.encoded());
    ArrayNode arr = o.putArray("enc_keys");
    for (ChatKey k : encKeys) arr.add(k.toJson());
    return o;
  }
}
