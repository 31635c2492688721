package dev.kez.chat.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The body of {@code POST /v1/handles/{handle}} (chat.md §5): exactly {@code {"key":"npub1…"}}. Its
 * {@code X-KEZ-Auth} is signed by this key, which proves possession at registration.
 */
public record Registration(PublicKey key) {
  public static final int MAX_BYTES = 1024;

  public static Registration parse(byte[] utf8) {
    if (utf8.length > MAX_BYTES)
      throw new ChatLimitException("the registration body is larger than " + MAX_BYTES + " bytes");
    ObjectNode o = Json.parseObject(utf8);
    Envelope.onlyMembers(o, "registration", Set.of("key"));
    try {
      return new Registration(PublicKey.parse(Json.string(o, "key")));
    } catch (MalformedException e) {
      throw new MalformedException("malformed registration: " + e.getMessage());
    }
  }

  public ObjectNode toJson() {
    return Json.newObject().put("key", key.encoded());
  }

  /** The exact bytes a client sends (and signs the digest of). */
  public byte[] body() {
    return Json.write(toJson()).getBytes(StandardCharsets.UTF_8);
  }
}
