package dev.kez.chat.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A {@code chat_key} record (chat.md §3): a device's X25519 public key, signed by the handle's KEZ
 * key. Parsing checks form only ({@link #parse}); {@link #check} says whether a record may be used
 * for a given handle and key at a given time. Immutable; unknown members are kept and covered by
 * the signature.
 */
public final class ChatKey {
  public static final String TYPE = "chat_key";

  /** A record is a few hundred bytes; anything larger is refused before parsing. */
  public static final int MAX_BYTES = 4096;

  private final Signed signed;
  private final Handle handle;
  private final EncKey encKey;
  private final long createdAt;
  private final Long expiresAt;

  private ChatKey(Signed signed) {
    this.signed = signed;
    this.handle = signed.handle("handle", TYPE);
    try {
      this.encKey = new EncKey(Json.string(signed.json, "enc_key"));
    } catch (MalformedException e) {
      throw new MalformedException("malformed chat_key: \"enc_key\": " + e.getMessage());
    }
    this.createdAt = Json.integer(signed.json, "created_at");
    this.expiresAt = Json.optionalInteger(signed.json, "expires_at");
    if (expiresAt != null && expiresAt <= createdAt) {
      throw new MalformedException(
          "malformed chat_key: \"expires_at\" must be after \"created_at\"");
    }
  }

  public static ChatKey parse(JsonNode node) {
    return new ChatKey(Signed.parse(node, TYPE));
  }

  public static ChatKey parse(String json) {
    if (json.length() > MAX_BYTES)
      throw new MalformedException("malformed chat_key: larger than " + MAX_BYTES + " bytes");
    return parse(Json.parseObject(json));
  }

  /** Makes and signs a record for this device's key; {@code expiresAt} may be null. */
  public static ChatKey sign(
      Handle handle, EncKey encKey, long createdAt, Long expiresAt, SecretKey secret) {
    ObjectNode o =
        Signed.header(TYPE, secret.publicKey())
            .put("handle", handle.value())
            .put("enc_key", encKey.encoded())
            .put("created_at", createdAt);
    if (expiresAt != null) o.put("expires_at", expiresAt);
    return new ChatKey(Signed.sign(o, secret, TYPE));
  }

  public Handle handle() {
    return handle;
  }

  public PublicKey key() {
    return signed.key;
  }

  public EncKey encKey() {
    return encKey;
  }

  public long createdAt() {
    return createdAt;
  }

  public Optional<Long> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  public boolean signatureValid() {
    return signed.signatureValid();
  }

  public boolean expiredAt(long now) {
    return expiresAt != null && now >= expiresAt;
  }

  /** Why a record may not be used (chat.md §3 and §8), checked in this order. */
  public enum Problem {
    BAD_SIGNATURE("its signature does not verify"),
    WRONG_KEY("it is signed by another key than the handle's"),
    WRONG_HANDLE("it is for another handle"),
    EXPIRED("it has expired");

    private final String reason;

    Problem(String reason) {
      this.reason = reason;
    }

    /** A sentence fragment: "chat_key record refused: " + reason(). */
    public String reason() {
      return reason;
    }
  }

  /**
   * Whether this record may be used as a key of {@code handle}, bound to {@code key}, at {@code
   * now}.
   */
  public Optional<Problem> check(Handle handle, PublicKey key, long now) {
    if (!signatureValid()) return Optional.of(Problem.BAD_SIGNATURE);
    if (!signed.key.equals(key)) return Optional.of(Problem.WRONG_KEY);
    if (!this.handle.equals(handle)) return Optional.of(Problem.WRONG_HANDLE);
    if (expiredAt(now)) return Optional.of(Problem.EXPIRED);
    return Optional.empty();
  }

  /**
   * The device keys of the records that pass {@link #check} for this handle and key: what a sender
   * encrypts to.
   */
  public static List<EncKey> usable(
      Collection<ChatKey> records, Handle handle, PublicKey key, long now) {
    return records.stream()
        .filter(r -> r.check(handle, key, now).isEmpty())
        .map(ChatKey::encKey)
        .distinct()
        .toList();
  }

  public ObjectNode toJson() {
    return signed.json.deepCopy();
  }

  /** JCS of the whole record, sig included. */
  public String canonicalJson() {
    return signed.canonicalJson();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatKey k && signed.sameBytes(k.signed);
  }

  @Override
  public int hashCode() {
    return canonicalJson().hashCode();
  }

  @Override
  public String toString() {
    return canonicalJson();
  }
}
