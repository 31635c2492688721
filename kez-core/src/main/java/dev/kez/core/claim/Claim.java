package dev.kez.core.claim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.Protocol;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.crypto.Signing;
import dev.kez.core.json.Jcs;
import dev.kez.core.json.Json;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A signed claim (SPEC.md §4): "this account is controlled by this key". Immutable; made by {@link
 * #parse} from any JSON form or by {@link Builder#sign}. Unknown members are kept and stay covered
 * by the signature. Parsing checks form only; {@link ClaimVerifier} checks the signature, expiry
 * and the expected account.
 */
public final class Claim {
  public static final int MAX_NOTE_LENGTH = 280;

  private final ObjectNode json;
  private final PublicKey key;
  private final Account account;
  private final long createdAt;
  private final @Nullable Long expiresAt;
  private final @Nullable String note;
  private final byte[] sig;
  private final byte[] canonical;
  private final byte[] digest;

  private Claim(ObjectNode json) {
    this.json = json;
    requireHeader(json, "claim");
    this.key = PublicKey.parse(Json.string(json, "key"));
    this.account = Account.parseNormalized(Json.string(json, "account"));
    this.createdAt = Json.integer(json, "created_at");
    this.expiresAt = Json.optionalInteger(json, "expires_at");
    if (expiresAt != null && expiresAt <= createdAt) {
      throw new MalformedException("malformed claim: \"expires_at\" must be after \"created_at\"");
    }
    this.note = Json.optionalString(json, "note");
    if (note != null && note.codePointCount(0, note.length()) > MAX_NOTE_LENGTH) {
      throw new MalformedException(
          "malformed claim: \"note\" is longer than " + MAX_NOTE_LENGTH + " characters");
    }
    this.sig = Signing.signature(json, "sig");
    this.canonical = Jcs.canonicalize(json);
    this.digest = Signing.digest(json);
  }

  /** Checks the {@code kez} version and {@code type} members shared by every wire object. */
  public static void requireHeader(ObjectNode json, String type) {
    if (!json.has("kez"))
      throw new MalformedException("malformed " + type + ": missing \"kez\" version");
    String version = Json.string(json, "kez");
    if (!Protocol.VERSION.equals(version))
      throw new MalformedException(
          "malformed " + type + ": unsupported kez version \"" + version + "\"");
    String actual = Json.string(json, "type");
    if (!type.equals(actual))
      throw new MalformedException(
          "malformed " + type + ": \"type\" is \"" + actual + "\", expected \"" + type + "\"");
  }

  /** Parses a claim object; throws {@link MalformedException} naming the first problem. */
  public static Claim parse(@Nullable JsonNode node) {
    if (node == null || !node.isObject())
      throw new MalformedException("malformed claim: expected a JSON object");
    return new Claim(((ObjectNode) node).deepCopy());
  }

  /** Parses a claim from JSON text. */
  public static Claim parse(String json) {
    return new Claim(Json.parseObject(json));
  }

  public static Builder builder(Account account) {
    return new Builder(account);
  }

  public PublicKey key() {
    return key;
  }

  public Account account() {
    return account;
  }

  public long createdAt() {
    return createdAt;
  }

  public Optional<Long> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  public Optional<String> note() {
    return Optional.ofNullable(note);
  }

  public byte[] signature() {
    return sig.clone();
  }

  /** The signing digest: SHA-256(JCS(claim without sig)). */
  public byte[] digest() {
    return digest.clone();
  }

  /** Whether {@code sig} is a valid signature by {@code key}. */
  public boolean signatureValid() {
    return key.verify(digest, sig);
  }

  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && now.getEpochSecond() >= expiresAt;
  }

  /** A copy of the whole object, sig and unknown members included. */
  public ObjectNode toJson() {
    return json.deepCopy();
  }

  /** JCS of the whole claim including sig: the bytes two implementations agree on. */
  public byte[] canonicalBytes() {
    return canonical.clone();
  }

  public String canonicalJson() {
    return new String(canonical, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Claim c && Arrays.equals(canonical, c.canonical);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(canonical);
  }

  @Override
  public String toString() {
    return canonicalJson();
  }

  /** Makes and signs a new claim. */
  public static final class Builder {
    private final Account account;
    private long createdAt = Instant.now().getEpochSecond();
    private @Nullable Long expiresAt;
    private @Nullable String note;
    private final ObjectNode extra = Json.newObject();

    private Builder(Account account) {
      this.account = account;
    }

    public Builder createdAt(long unixSeconds) {
      this.createdAt = unixSeconds;
      return this;
    }

    public Builder expiresAt(long unixSeconds) {
      this.expiresAt = unixSeconds;
      return this;
    }

    public Builder note(String note) {
      this.note = note;
      return this;
    }

    /** An extra member, covered by the signature (for forward-compatible extensions). */
    public Builder member(String name, JsonNode value) {
      extra.set(name, value);
      return this;
    }

    ObjectNode unsigned(PublicKey key) {
      ObjectNode o = Json.newObject();
      o.setAll(extra);
      o.put("kez", Protocol.VERSION)
          .put("type", "claim")
          .put("key", key.encoded())
          .put("account", account.toString())
          .put("created_at", createdAt);
      if (expiresAt != null) o.put("expires_at", expiresAt);
      if (note != null) o.put("note", note);
      return o;
    }

    public Claim sign(SecretKey secret) {
      ObjectNode o = unsigned(secret.publicKey());
      o.put("sig", Base64Url.encode(secret.sign(Signing.digest(o))));
      return new Claim(o);
    }
  }
}
