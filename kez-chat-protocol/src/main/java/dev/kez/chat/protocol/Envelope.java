package dev.kez.chat.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.json.Jcs;
import dev.kez.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a sender posts and the server stores (chat.md §4): {@code {"id","to","sealed":[…]}}, one
 * sealed copy of the inner message per device. Parsing is strict: exactly these members, canonical
 * b64u, no two copies for one {@code kid}, and the size limits below (over a limit is a {@link
 * ChatLimitException}: 413 on the server; anything else malformed is 400).
 */
public record Envelope(String id, Handle to, List<Sealed> sealed) {
  /** Most devices one message is sealed to (the recipient's plus the sender's own). */
  public static final int MAX_SEALED = 16;

  /**
   * Largest envelope JSON a server accepts: every copy of a largest message, with room for JSON.
   */
  public static final int MAX_BYTES = 384 * 1024;

  public Envelope {
    ChatMessage.checkId(id);
    if (sealed.isEmpty()) throw new MalformedException("malformed envelope: \"sealed\" is empty");
    if (sealed.size() > MAX_SEALED)
      throw new ChatLimitException("the envelope has more than " + MAX_SEALED + " sealed copies");
    Set<EncKey> kids = new HashSet<>();
    for (Sealed s : sealed) {
      if (!kids.add(s.kid()))
        throw new MalformedException("malformed envelope: two sealed copies for kid " + s.kid());
    }
    sealed = List.copyOf(sealed);
  }

  /** One sealed copy: {@code kid} (the device's enc_key), {@code enc} (32 bytes), {@code ct}. */
  public record Sealed(EncKey kid, String enc, String ct) {
    public Sealed {
      if (kid == null) throw new MalformedException("malformed sealed copy: missing \"kid\"");
      byte[] e = decode("enc", enc);
      if (e.length != EncKey.LENGTH)
        throw new MalformedException("malformed sealed copy: \"enc\" must be 32 bytes");
      int ctLength = decode("ct", ct).length;
      if (ctLength < ChatHpke.TAG_LENGTH)
        throw new MalformedException("malformed sealed copy: \"ct\" is shorter than its tag");
      if (ctLength > ChatMessage.MAX_BYTES + ChatHpke.TAG_LENGTH)
        throw new ChatLimitException("a sealed copy is larger than a message may be");
    }

    static Sealed of(EncKey kid, byte[] enc, byte[] ct) {
      return new Sealed(kid, Base64Url.encode(enc), Base64Url.encode(ct));
    }

    public byte[] encBytes() {
      return Base64Url.decode(enc);
    }

    public byte[] ctBytes() {
      return Base64Url.decode(ct);
    }

    ObjectNode toJson() {
      return Json.newObject().put("kid", kid.encoded()).put("enc", enc).put("ct", ct);
    }

    private static byte[] decode(String member, String value) {
      if (value == null)
        throw new MalformedException("malformed sealed copy: missing \"" + member + "\"");
      try {
        return Base64Url.decode(value);
      } catch (MalformedException e) {
        throw new MalformedException(
            "malformed sealed copy: \"" + member + "\": " + e.getMessage());
      }
    }
  }

  /** Seals a signed message once to each device key (duplicates collapse into one copy). */
  public static Envelope seal(ChatMessage message, Collection<EncKey> devices) {
    byte[] plaintext = message.canonicalBytes();
    List<Sealed> copies = new ArrayList<>();
    for (EncKey device : new LinkedHashSet<>(devices))
      copies.add(ChatHpke.seal(device, plaintext, message.id()));
    if (copies.isEmpty())
      throw new MalformedException("@" + message.to() + " has no device to encrypt to");
    return new Envelope(message.id(), message.to(), copies);
  }

  /** Parses a posted body: size first (413), then strict JSON (400). */
  public static Envelope parse(byte[] utf8) {
    if (utf8.length > MAX_BYTES)
      throw new ChatLimitException("the envelope is larger than " + MAX_BYTES + " bytes");
    return parse(Json.parseObject(utf8));
  }

  public static Envelope parse(String json) {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  public static Envelope parse(JsonNode node) {
    ObjectNode o = object(node, "envelope");
    onlyMembers(o, "envelope", Set.of("id", "to", "sealed"));
    return fromMembers(o);
  }

  /** Reads the envelope members of an object that may carry others (a log entry). */
  static Envelope fromMembers(ObjectNode o) {
    String id = Json.string(o, "id");
    Handle to = Handle.parse(Json.string(o, "to"));
    if (!to.value().equals(Json.string(o, "to")))
      throw new MalformedException("malformed envelope: \"to\" must be lowercase");
    JsonNode arr = o.get("sealed");
    if (arr == null || !arr.isArray())
      throw new MalformedException("malformed envelope: \"sealed\" must be an array");
    if (arr.size() > MAX_SEALED)
      throw new ChatLimitException("the envelope has more than " + MAX_SEALED + " sealed copies");
    List<Sealed> copies = new ArrayList<>(arr.size());
    for (JsonNode item : arr) {
      ObjectNode s = object(item, "sealed copy");
      onlyMembers(s, "sealed copy", Set.of("kid", "enc", "ct"));
      EncKey kid;
      try {
        kid = new EncKey(Json.string(s, "kid"));
      } catch (MalformedException e) {
        throw new MalformedException("malformed sealed copy: \"kid\": " + e.getMessage());
      }
      copies.add(new Sealed(kid, Json.string(s, "enc"), Json.string(s, "ct")));
    }
    return new Envelope(id, to, copies);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.newObject().put("id", id).put("to", to.value());
    ArrayNode arr = o.putArray("sealed");
    for (Sealed s : sealed) arr.add(s.toJson());
    return o;
  }

  /**
   * JCS of the envelope: two posts are "the same envelope" when these bytes are equal (chat.md §8).
   */
  public byte[] canonicalBytes() {
    return Jcs.canonicalize(toJson());
  }

  static ObjectNode object(JsonNode node, String what) {
    if (node == null || !node.isObject())
      throw new MalformedException("malformed " + what + ": expected a JSON object");
    return (ObjectNode) node;
  }

  static void onlyMembers(ObjectNode o, String what, Set<String> allowed) {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new MalformedException(
            "malformed "
                + what
                + ": unknown member \""
                + (name.length() > 40 ? name.substring(0, 40) + "…" : name)
                + "\"");
      }
    }
  }
}
