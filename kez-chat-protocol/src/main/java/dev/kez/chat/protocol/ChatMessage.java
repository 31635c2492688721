package dev.kez.chat.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The inner, signed {@code chat_msg} (chat.md §4): what the sender writes, sealed as its JCS bytes
 * once per device. Only devices ever see it; the server stores the sealed copies. Immutable;
 * unknown members are kept and covered by the signature.
 */
public final class ChatMessage {
  public static final String TYPE = "chat_msg";

  /** Largest JCS of an inner message, sig included: what one sealed copy may carry. */
  public static final int MAX_BYTES = 16 * 1024;

  public static final int ID_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Signed signed;
  private final Handle from;
  private final Handle to;
  private final String id;
  private final long sentAt;
  private final ObjectNode body;

  private ChatMessage(Signed signed) {
    this.signed = signed;
    if (signed.canonical.length > MAX_BYTES)
      throw new ChatLimitException("the message is larger than " + MAX_BYTES + " bytes");
    this.from = signed.handle("from", TYPE);
    this.to = signed.handle("to", TYPE);
    this.id = checkId(Json.string(signed.json, "id"));
    this.sentAt = Json.integer(signed.json, "sent_at");
    JsonNode b = signed.json.get("body");
    if (b == null || !b.isObject())
      throw new MalformedException("malformed chat_msg: \"body\" must be an object");
    this.body = (ObjectNode) b;
    String type = Json.string(body, "type");
    if ("text".equals(type)) Json.string(body, "text");
  }

  /** Checks a message id: b64u of exactly 16 bytes. */
  public static String checkId(String id) {
    byte[] raw;
    try {
      raw = Base64Url.decode(id);
    } catch (MalformedException e) {
      throw new MalformedException("malformed message id: " + e.getMessage());
    }
    if (raw.length != ID_BYTES)
      throw new MalformedException("malformed message id: expected 16 bytes, got " + raw.length);
    return id;
  }

  /** A fresh random message id. */
  public static String newId() {
    byte[] raw = new byte[ID_BYTES];
    RANDOM.nextBytes(raw);
    return Base64Url.encode(raw);
  }

  public static ChatMessage parse(JsonNode node) {
    return new ChatMessage(Signed.parse(node, TYPE));
  }

  /** Parses the bytes a sealed copy opened to. */
  public static ChatMessage parse(byte[] utf8) {
    if (utf8.length > MAX_BYTES)
      throw new ChatLimitException("the message is larger than " + MAX_BYTES + " bytes");
    return parse(Json.parseObject(utf8));
  }

  /** Makes and signs a text message with a fresh id. */
  public static ChatMessage text(
      Handle from, Handle to, String text, long sentAt, SecretKey secret) {
    return sign(
        from, to, newId(), Json.newObject().put("text", text).put("type", "text"), sentAt, secret);
  }

  public static ChatMessage sign(
      Handle from, Handle to, String id, ObjectNode body, long sentAt, SecretKey secret) {
    ObjectNode o =
        Signed.header(TYPE, secret.publicKey())
            .put("from", from.value())
            .put("to", to.value())
            .put("id", checkId(id))
            .put("sent_at", sentAt);
    o.set("body", body.deepCopy());
    return new ChatMessage(Signed.sign(o, secret, TYPE));
  }

  public Handle from() {
    return from;
  }

  public Handle to() {
    return to;
  }

  public String id() {
    return id;
  }

  public long sentAt() {
    return sentAt;
  }

  public PublicKey key() {
    return signed.key;
  }

  public ObjectNode body() {
    return body.deepCopy();
  }

  /** The text of a {@code "type":"text"} body; empty for any other body type. */
  public Optional<String> text() {
    return "text".equals(body.get("type").textValue())
        ? Optional.of(body.get("text").textValue())
        : Optional.empty();
  }

  public boolean signatureValid() {
    return signed.signatureValid();
  }

  /** JCS of the whole message, sig included: the plaintext of every sealed copy. */
  public byte[] canonicalBytes() {
    return signed.canonical.clone();
  }

  public ObjectNode toJson() {
    return signed.json.deepCopy();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatMessage m && signed.sameBytes(m.signed);
  }

  @Override
  public int hashCode() {
    return signed.canonicalJson().hashCode();
  }

  @Override
  public String toString() {
    return new String(signed.canonical, StandardCharsets.UTF_8);
  }
}
