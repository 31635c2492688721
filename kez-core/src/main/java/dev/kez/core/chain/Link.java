package dev.kez.core.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.crypto.Digests;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.Signing;
import dev.kez.core.json.Jcs;
import dev.kez.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One sigchain link (SPEC.md §6), immutable and parsed strictly: the envelope (seq, prev, key,
 * times, signatures) here, what the op does in its {@link LinkBody}. The members of the op are
 * required, the members of other ops are refused, unknown members are kept and signed over. Parsing
 * checks form only; {@link ChainVerifier} checks signatures and authority. {@link Links} and {@link
 * DeviceEnrollment} make links.
 */
public final class Link {
  public static final int MAX_DEVICE_NAME_LENGTH = 64;

  /** Members that belong to one op only, refused on the others (SPEC.md §6.2). */
  private static final Map<String, Set<Op>> OP_MEMBERS =
      Map.of(
          "claim",
          Set.of(Op.ADD),
          "account",
          Set.of(Op.REVOKE),
          "new_key",
          Set.of(Op.ROTATE),
          "new_key_sig",
          Set.of(Op.ROTATE),
          "device_sig",
          Set.of(Op.ADD_DEVICE),
          "device_name",
          Set.of(Op.ADD_DEVICE),
          "device_key",
          Set.of(Op.ADD_DEVICE, Op.REVOKE_DEVICE),
          "expires_at",
          Set.of(Op.ADD, Op.ADD_DEVICE));

  /** Distinct key strings a {@link #parser()} remembers; a real chain has a handful. */
  private static final int MAX_CACHED_KEYS = 1024;

  /** The signatures left out of the signing digest. */
  static final Set<String> SIGNATURES = Set.of("sig", "new_key_sig", "device_sig");

  private final ObjectNode json;
  private final long seq;
  private final LinkBody body;
  private final PublicKey key;
  private final @Nullable String prev;
  private final long createdAt;
  private final @Nullable Long expiresAt;
  private final byte[] sig;
  private final byte @Nullable [] crossSig; // new_key_sig or device_sig
  private final String canonical;
  private final byte[] digest;
  private final byte @Nullable [] claimDigest;
  private final String hash;

  private Link(ObjectNode json, Function<String, PublicKey> keys) {
    this.json = json;
    Claim.requireHeader(json, "link");
    this.seq = Json.integer(json, "seq");
    if (seq < 1) throw new MalformedException("malformed link: \"seq\" must be at least 1");
    Op op = Op.fromWireName(Json.string(json, "op"));
    for (var e : OP_MEMBERS.entrySet()) {
      if (!e.getValue().contains(op) && json.has(e.getKey())) {
        throw new MalformedException(
            "malformed link: \"" + e.getKey() + "\" does not belong to op " + op);
      }
    }
    this.key = keys.apply(Json.string(json, "key"));
    this.createdAt = Json.integer(json, "created_at");
    this.expiresAt = Json.optionalInteger(json, "expires_at");
    if (expiresAt != null && expiresAt <= createdAt)
      throw new MalformedException("malformed link: \"expires_at\" must be after \"created_at\"");
    this.prev = Json.optionalString(json, "prev");
    if (seq == 1 && prev != null)
      throw new MalformedException("malformed link: link 1 has no \"prev\"");
    if (seq > 1) {
      if (prev == null) throw new MalformedException("malformed link: missing \"prev\"");
      if (Base64Url.decode(prev).length != 32)
        throw new MalformedException("malformed link: \"prev\" must be a SHA-256 hash");
    }
    this.sig = Signing.signature(json, "sig");
    this.body =
        switch (op) {
          case ADD -> new LinkBody.Add(parseClaim(json.get("claim")));
          case REVOKE -> new LinkBody.Revoke(Account.parseNormalized(Json.string(json, "account")));
          case ROTATE -> new LinkBody.Rotate(PublicKey.parse(Json.string(json, "new_key")));
          case ADD_DEVICE ->
              new LinkBody.AddDevice(
                  PublicKey.parse(Json.string(json, "device_key")), deviceName(json));
          case REVOKE_DEVICE ->
              new LinkBody.RevokeDevice(PublicKey.parse(Json.string(json, "device_key")));
        };
    this.crossSig =
        switch (op) {
          case ROTATE -> Signing.signature(json, "new_key_sig");
          case ADD_DEVICE -> Signing.signature(json, "device_sig");
          default -> null;
        };
    // One canonicalization pass gives the signed text (hash), the unsigned one (digest), and the
    // claim's unsigned text (its digest): the chain verifier's hot path is here.
    String claimText = body instanceof LinkBody.Add add ? add.claim().canonicalJson() : null;
    Jcs.Forms forms = Jcs.canonicalForms(json, SIGNATURES, claimText);
    this.canonical = forms.all();
    this.digest = Digests.sha256(forms.unsigned());
    this.claimDigest =
        claimText == null ? null : Digests.sha256(Jcs.withoutMember(claimText, "sig"));
    this.hash = Base64Url.encode(Digests.sha256(canonical));
  }

  private static Claim parseClaim(@Nullable JsonNode node) {
    if (node == null) throw new MalformedException("malformed link: missing \"claim\"");
    try {
      return Claim.parse(node);
    } catch (MalformedException e) {
      throw new MalformedException("malformed link: bad \"claim\": " + e.getMessage());
    }
  }

  private static @Nullable String deviceName(ObjectNode json) {
    String name = Json.optionalString(json, "device_name");
    if (name != null
        && (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_DEVICE_NAME_LENGTH)) {
      throw new MalformedException(
          "malformed link: \"device_name\" must be 1 to " + MAX_DEVICE_NAME_LENGTH + " characters");
    }
    return name;
  }

  /** Parses one link object (a copy is kept). */
  public static Link parse(@Nullable JsonNode node) {
    if (node == null || !node.isObject())
      throw new MalformedException("malformed link: expected a JSON object");
    return new Link(((ObjectNode) node).deepCopy(), PublicKey::parse);
  }

  /** Parses one link from JSON text. */
  public static Link parse(String jsonLine) {
    return new Link(Json.parseObject(jsonLine), PublicKey::parse);
  }

  /**
   * A parser of one chain's lines, read one after another (a bundle, a stored chain's replay): a
   * chain is signed by a handful of keys, so it parses each key string once. Its cache is its own,
   * bounded, and goes with it; nothing is shared between chains or threads.
   */
  public static Function<String, Link> parser() {
    Map<String, PublicKey> keys = new HashMap<>();
    Function<String, PublicKey> key =
        encoded -> {
          PublicKey k = keys.get(encoded);
          if (k == null) {
            k = PublicKey.parse(encoded); // throws on a bad key, which is then not kept
            if (keys.size() < MAX_CACHED_KEYS) keys.put(encoded, k);
          }
          return k;
        };
    return line -> new Link(Json.parseObject(line), key);
  }

  /** A link just signed by {@link Links} or {@link DeviceEnrollment} (the object is not copied). */
  static Link signed(ObjectNode json) {
    return new Link(json, PublicKey::parse);
  }

  public long seq() {
    return seq;
  }

  /** What the link does; switch over it for the op's members. */
  public LinkBody body() {
    return body;
  }

  public Op op() {
    return body.op();
  }

  /** The signing key. */
  public PublicKey key() {
    return key;
  }

  /** The previous link's hash; absent exactly on link 1. */
  public Optional<String> prev() {
    return Optional.ofNullable(prev);
  }

  public long createdAt() {
    return createdAt;
  }

  /** The link's own expiry (add and add_device only). */
  public Optional<Long> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** The signing digest: SHA-256(JCS(link without sig, new_key_sig and device_sig)). */
  public byte[] digest() {
    return digest.clone();
  }

  /** Whether {@code sig} verifies for {@code key}. */
  public boolean signatureValid() {
    return key.verify(digest, sig);
  }

  /**
   * Whether an add's claim is by this link's key and its signature verifies (true for other ops).
   */
  public boolean claimValid() {
    return !(body instanceof LinkBody.Add(Claim claim))
        || claim.key().equals(key)
            && claimDigest != null
            && claim.key().verify(claimDigest, claim.signature());
  }

  /**
   * Whether {@code new_key_sig} / {@code device_sig} verifies for the new key (true for other ops).
   */
  public boolean crossSignatureValid() {
    return switch (body) {
      case LinkBody.Rotate r -> crossSig != null && r.newKey().verify(digest, crossSig);
      case LinkBody.AddDevice d -> crossSig != null && d.deviceKey().verify(digest, crossSig);
      case LinkBody.Add a -> true;
      case LinkBody.Revoke r -> true;
      case LinkBody.RevokeDevice r -> true;
    };
  }

  /** A copy of the whole object. */
  public ObjectNode toJson() {
    return json.deepCopy();
  }

  /** JCS of the whole link with its signatures: one bundle line without its newline. */
  public String canonicalJson() {
    return canonical;
  }

  public byte[] canonicalBytes() {
    return canonical.getBytes(StandardCharsets.UTF_8);
  }

  /** base64url-nopad(SHA-256(JCS(link))): what the next link's {@code prev} holds. */
  public String hash() {
    return hash;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Link l && canonical.equals(l.canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  @Override
  public String toString() {
    return canonical;
  }
}
