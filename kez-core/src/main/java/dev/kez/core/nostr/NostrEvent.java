package dev.kez.core.nostr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.Digests;
import dev.kez.core.crypto.NostrPublicKey;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A NIP-01 event. {@link #parse} checks form only (lowercase hex of the right lengths, typed
 * members); {@link #verify} checks that the id is the SHA-256 of the NIP-01 serialization and that
 * the BIP-340 signature over it is the pubkey's. Unknown members are ignored, as they are not
 * covered by the id.
 */
public record NostrEvent(
    String id,
    String pubkey,
    long createdAt,
    int kind,
    List<List<String>> tags,
    String content,
    String sig) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern HEX128 = Pattern.compile("[0-9a-f]{128}");
  private static final HexFormat HEX = HexFormat.of();

  public NostrEvent {
    tags = tags.stream().map(List::copyOf).toList();
  }

  /** Signs a new event with a nostr key (fresh BIP-340 auxiliary randomness). */
  public static NostrEvent sign(
      SecretKey key, long createdAt, int kind, List<List<String>> tags, String content) {
    if (key.algorithm() != Algorithm.NOSTR)
      throw new IllegalArgumentException("nostr events are signed with nostr keys");
    String pubkey = ((NostrPublicKey) key.publicKey()).hex();
    byte[] id =
        Digests.sha256(
            serialize(pubkey, createdAt, kind, tags, content).getBytes(StandardCharsets.UTF_8));
    return new NostrEvent(
        HEX.formatHex(id), pubkey, createdAt, kind, tags, content, HEX.formatHex(key.sign(id)));
  }

  public static NostrEvent parse(String json) {
    return parse(Json.parse(json));
  }

  public static NostrEvent parse(@Nullable JsonNode node) {
    if (node == null || !node.isObject())
      throw new MalformedException("malformed nostr event: expected a JSON object");
    ObjectNode o = (ObjectNode) node;
    long kind = Json.integer(o, "kind");
    if (kind < 0 || kind > 65535)
      throw new MalformedException("malformed nostr event: \"kind\" out of range");
    long createdAt = Json.integer(o, "created_at");
    if (createdAt < 0)
      throw new MalformedException("malformed nostr event: negative \"created_at\"");
    JsonNode tagsNode = o.get("tags");
    if (tagsNode == null || !tagsNode.isArray())
      throw new MalformedException("malformed nostr event: \"tags\" must be an array");
    List<List<String>> tags = new ArrayList<>();
    for (JsonNode tag : tagsNode) {
      if (!tag.isArray())
        throw new MalformedException("malformed nostr event: each tag must be an array");
      List<String> values = new ArrayList<>();
      for (JsonNode v : tag) {
        if (!v.isTextual())
          throw new MalformedException("malformed nostr event: tag values must be strings");
        values.add(v.textValue());
      }
      tags.add(values);
    }
    return new NostrEvent(
        hex(o, "id", HEX64),
        hex(o, "pubkey", HEX64),
        createdAt,
        (int) kind,
        tags,
        Json.string(o, "content"),
        hex(o, "sig", HEX128));
  }

  private static String hex(ObjectNode o, String name, Pattern pattern) {
    String v = Json.string(o, name);
    if (!pattern.matcher(v).matches()) {
      throw new MalformedException(
          "malformed nostr event: \""
              + name
              + "\" must be "
              + (pattern == HEX64 ? 64 : 128)
              + " lowercase hex digits");
    }
    return v;
  }

  /**
   * The NIP-01 serialization {@code [0,pubkey,created_at,kind,tags,content]} whose SHA-256 is the
   * id.
   */
  public String serialization() {
    return serialize(pubkey, createdAt, kind, tags, content);
  }

  /** The id this event's content hashes to (hex). */
  public String computedId() {
    return HEX.formatHex(Digests.sha256(serialization().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * True when the id matches the content and the signature over it is the pubkey's. Never throws.
   */
  public boolean verify() {
    if (!computedId().equals(id)) return false;
    try {
      return NostrPublicKey.fromHex(pubkey).verify(HEX.parseHex(id), HEX.parseHex(sig));
    } catch (MalformedException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The author's key. */
  public NostrPublicKey author() {
    return NostrPublicKey.fromHex(pubkey);
  }

  /** The first value of the first tag with this name ({@code d}, {@code r}, …). */
  public Optional<String> tagValue(String name) {
    return tags.stream()
        .filter(t -> t.size() >= 2 && t.get(0).equals(name))
        .map(t -> t.get(1))
        .findFirst();
  }

  /** The event as a JSON object, as sent to relays. */
  public ObjectNode toJson() {
    ObjectNode o = Json.newObject();
    o.put("id", id).put("pubkey", pubkey).put("created_at", createdAt).put("kind", kind);
    ArrayNode t = o.putArray("tags");
    tags.forEach(tag -> tag.forEach(t.addArray()::add));
    return o.put("content", content).put("sig", sig);
  }

  static String serialize(
      String pubkey, long createdAt, int kind, List<List<String>> tags, String content) {
    StringBuilder sb = new StringBuilder(128 + content.length()).append("[0,");
    string(sb, pubkey).append(',').append(createdAt).append(',').append(kind).append(",[");
    for (int i = 0; i < tags.size(); i++) {
      if (i > 0) sb.append(',');
      sb.append('[');
      List<String> tag = tags.get(i);
      for (int j = 0; j < tag.size(); j++) {
        if (j > 0) sb.append(',');
        string(sb, tag.get(j));
      }
      sb.append(']');
    }
    sb.append("],");
    return string(sb, content).append(']').toString();
  }

  /**
   * NIP-01 string escaping: only these seven characters are escaped; everything else is verbatim.
   */
  private static StringBuilder string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> sb.append(c);
      }
    }
    return sb.append('"');
  }
}
