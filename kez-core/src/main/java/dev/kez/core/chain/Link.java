package dev.kez.core.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.crypto.Signing;
import dev.kez.core.json.Jcs;
import dev.kez.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One sigchain link (wire.md §5), immutable and parsed strictly: the members of its op are
 * required, the members of other ops are refused, unknown members are kept and signed over.
 * Parsing checks form only; {@link ChainVerifier} checks signatures and authority.
 */
public final class Link {
  public static final int MAX_DEVICE_NAME_LENGTH = 64;

  /** Members that belong to one op only, refused on the others. */
  private static final Map<String, Op> OP_MEMBERS = Map.of(
      "claim", Op.ADD, "account", Op.REVOKE, "new_key", Op.ROTATE, "new_key_sig", Op.ROTATE,
      "device_sig", Op.ADD_DEVICE, "device_name", Op.ADD_DEVICE);
  /** The signatures left out of the signing digest. */
  private static final Set<String> SIGNATURES = Set.of("sig", "new_key_sig", "device_sig");

  private final ObjectNode json;
  private final long seq;
  private final Op op;
  private final PublicKey key;
  private final String prev;
  private final long createdAt;
  private final Long expiresAt;
  private final byte[] sig;
  private final Claim claim;
  private final Account account;
  private final PublicKey subjectKey; // new_key or device_key
  private final byte[] subjectSig; // new_key_sig or device_sig
  private final String deviceName;
  private final String canonical;
  private final byte[] digest;
  private final byte[] claimDigest;
  private final String hash;

  private Link(ObjectNode json) {
    this.json = json;
    Claim.requireHeader(json, "link");
    this.seq = Json.integer(json, "seq");
    if (seq < 1) throw new MalformedException("malformed link: \"seq\" must be at least 1");
    this.op = Op.fromWireName(Json.string(json, "op"));
    this.key = signingKey(Json.string(json, "key"));
    this.createdAt = Json.integer(json, "created_at");
    this.expiresAt = Json.optionalInteger(json, "expires_at");
    if (expiresAt != null) {
      if (op != Op.ADD && op != Op.ADD_DEVICE) throw new MalformedException("malformed link: \"expires_at\" is only for add and add_device");
      if (expiresAt <= createdAt) throw new MalformedException("malformed link: \"expires_at\" must be after \"created_at\"");
    }
    this.prev = Json.optionalString(json, "prev");
    if (seq == 1 && prev != null) throw new MalformedException("malformed link: link 1 has no \"prev\"");
    if (seq > 1) {
      if (prev == null) throw new MalformedException("malformed link: missing \"prev\"");
      if (Base64Url.decode(prev).length != 32) throw new MalformedException("malformed link: \"prev\" must be a SHA-256 hash");
    }
    for (var e : OP_MEMBERS.entrySet()) {
      if (e.getValue() != op && json.has(e.getKey())) {
        throw new MalformedException("malformed link: \"" + e.getKey() + "\" does not belong to op " + op);
      }
    }
    if (op != Op.ADD_DEVICE && op != Op.REVOKE_DEVICE && json.has("device_key")) {
      throw new MalformedException("malformed link: \"device_key\" does not belong to op " + op);
    }
    this.sig = Signing.signature(json, "sig");
    this.claim = op == Op.ADD ? parseClaim(json.get("claim")) : null;
    this.account = op == Op.REVOKE ? Account.parseNormalized(Json.string(json, "account")) : null;
    this.subjectKey = switch (op) {
      case ROTATE -> PublicKey.parse(Json.string(json, "new_key"));
      case ADD_DEVICE, REVOKE_DEVICE -> PublicKey.parse(Json.string(json, "device_key"));
      default -> null;
    };
    this.subjectSig = switch (op) {
      case ROTATE -> Signing.signature(json, "new_key_sig");
      case ADD_DEVICE -> Signing.signature(json, "device_sig");
      default -> null;
    };
    this.deviceName = Json.optionalString(json, "device_name");
    if (deviceName != null && (deviceName.isEmpty() || deviceName.codePointCount(0, deviceName.length()) > MAX_DEVICE_NAME_LENGTH)) {
      throw new MalformedException("malformed link: \"device_name\" must be 1 to " + MAX_DEVICE_NAME_LENGTH + " characters");
    }
    // One canonicalization pass gives the signed text (hash), the unsigned one (digest), and the
    // claim's unsigned text (its digest): the chain verifier's hot path is here.
    String claimText = claim == null ? null : claim.canonicalJson();
    String[] forms = canonicalForms(json, SIGNATURES, claimText);
    this.canonical = forms[0];
    this.digest = sha256(forms[1]);
    this.claimDigest = claim == null ? null : sha256(withoutTopLevel(claimText, "sig"));
    this.hash = Base64Url.encode(sha256(canonical));
  }

  private static Claim parseClaim(JsonNode node) {
    if (node == null) throw new MalformedException("malformed link: missing \"claim\"");
    try {
      return Claim.parse(node);
    } catch (MalformedException e) {
      throw new MalformedException("malformed link: bad \"claim\": " + e.getMessage());
    }
  }

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  /** A chain is signed by a handful of keys, link after link: parse each key string once. */
  private static final Map<String, PublicKey> KEYS = new ConcurrentHashMap<>();

  private static PublicKey signingKey(String encoded) {
    PublicKey k = KEYS.get(encoded);
    if (k != null) return k;
    k = PublicKey.parse(encoded); // throws on a bad key, which is then not cached
    if (KEYS.size() >= 1024) KEYS.clear();
    KEYS.put(encoded, k);
    return k;
  }

  private static byte[] sha256(String text) {
    return SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * JCS of an object, and JCS of it without the {@code skip} members: equal to
   * {@code Jcs.canonicalize(json)} and to the input of {@code Signing.digest(json, skip…)},
   * made in one pass. {@code claim}, when given, is the already canonical "claim" member.
   */
  static String[] canonicalForms(ObjectNode json, Set<String> skip, String claim) {
    List<String> names = new ArrayList<>(json.size());
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) names.add(it.next());
    names.sort(null); // by UTF-16 code units, as RFC 8785 requires
    int capacity = 512 + (claim == null ? 0 : claim.length());
    StringBuilder all = new StringBuilder(capacity).append('{');
    StringBuilder unsigned = new StringBuilder(capacity).append('{');
    for (String name : names) {
      String key = Jcs.canonicalString(TextNode.valueOf(name));
      String value = claim != null && name.equals("claim") ? claim : Jcs.canonicalString(json.get(name));
      if (all.length() > 1) all.append(',');
      all.append(key).append(':').append(value);
      if (!skip.contains(name)) {
        if (unsigned.length() > 1) unsigned.append(',');
        unsigned.append(key).append(':').append(value);
      }
    }
    return new String[] {all.append('}').toString(), unsigned.append('}').toString()};
  }

  /**
   * Canonical object text without one top-level member: what the claim's signing digest is
   * over, cut from the claim's JCS text instead of canonicalizing the claim a second time.
   */
  static String withoutTopLevel(String canonicalObject, String member) {
    String key = "\"" + member + "\":";
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < canonicalObject.length(); i++) {
      char c = canonicalObject.charAt(i);
      if (inString) {
        if (c == '\\') i++;
        else if (c == '"') inString = false;
      } else if (c == '"') {
        if (depth == 1 && canonicalObject.startsWith(key, i) && (canonicalObject.charAt(i - 1) == '{' || canonicalObject.charAt(i - 1) == ',')) {
          int end = endOfValue(canonicalObject, i + key.length());
          boolean first = canonicalObject.charAt(i - 1) == '{';
          boolean last = canonicalObject.charAt(end) == '}';
          // drop the member and one comma: the one after it, or before it when it is last
          return first || !last
              ? canonicalObject.substring(0, i) + canonicalObject.substring(last ? end : end + 1)
              : canonicalObject.substring(0, i - 1) + canonicalObject.substring(end);
        }
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return canonicalObject;
  }

  /** The index just after the JSON value starting at {@code i}, in canonical text. */
  private static int endOfValue(String s, int i) {
    int depth = 0;
    boolean inString = false;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') i++;
        else if (c == '"') inString = false;
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (depth == 0) return i;
        depth--;
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    return i;
  }

  /** Parses one link object (a copy is kept). */
  public static Link parse(JsonNode node) {
    if (node == null || !node.isObject()) throw new MalformedException("malformed link: expected a JSON object");
    return new Link(((ObjectNode) node).deepCopy());
  }

  /** Parses one link from JSON text. */
  public static Link parse(String jsonLine) {
    return new Link(Json.parseObject(jsonLine));
  }

  public long seq() { return seq; }
  public Op op() { return op; }
  /** The signing key. */
  public PublicKey key() { return key; }
  public Optional<String> prev() { return Optional.ofNullable(prev); }
  public long createdAt() { return createdAt; }
  public Optional<Long> expiresAt() { return Optional.ofNullable(expiresAt); }
  /** The claim of an {@code add}. */
  public Optional<Claim> claim() { return Optional.ofNullable(claim); }
  /** The account of a {@code revoke}, or of the claim of an {@code add}. */
  public Optional<Account> account() {
    return claim != null ? Optional.of(claim.account()) : Optional.ofNullable(account);
  }
  /** The {@code new_key} of a rotate. */
  public Optional<PublicKey> newKey() { return op == Op.ROTATE ? Optional.of(subjectKey) : Optional.empty(); }
  /** The {@code device_key} of add_device and revoke_device. */
  public Optional<PublicKey> deviceKey() {
    return op == Op.ADD_DEVICE || op == Op.REVOKE_DEVICE ? Optional.of(subjectKey) : Optional.empty();
  }
  public Optional<String> deviceName() { return Optional.ofNullable(deviceName); }

  /** The signing digest: SHA-256(JCS(link without sig, new_key_sig and device_sig)). */
  public byte[] digest() { return digest.clone(); }

  /** Whether {@code sig} verifies for {@code key}. */
  public boolean signatureValid() {
    return key.verify(digest, sig);
  }

  /** Whether an add's claim is by this link's key and its signature verifies (true for other ops). */
  public boolean claimValid() {
    return claim == null || claim.key().equals(key) && claim.key().verify(claimDigest, claim.signature());
  }

  /** Whether {@code new_key_sig} / {@code device_sig} verifies for the new key (true for other ops). */
  public boolean crossSignatureValid() {
    return subjectSig == null || subjectKey.verify(digest, subjectSig);
  }

  /** A copy of the whole object. */
  public ObjectNode toJson() { return json.deepCopy(); }

  /** JCS of the whole link with its signatures: one bundle line without its newline. */
  public String canonicalJson() { return canonical; }

  public byte[] canonicalBytes() { return canonical.getBytes(StandardCharsets.UTF_8); }

  /** base64url-nopad(SHA-256(JCS(link))): what the next link's {@code prev} holds. */
  public String hash() { return hash; }

  @Override
  public boolean equals(Object o) {
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

  // ---- making links -------------------------------------------------------------------------

  /** An {@code add} of a claim; the claim must be by {@code signer}. */
  public static Link add(ChainState st, Claim claim, SecretKey signer, long createdAt) {
    if (!claim.key().equals(signer.publicKey())) throw new IllegalArgumentException("the claim's key must be the signing key");
    ObjectNode o = unsigned(st, Op.ADD, signer.publicKey(), createdAt);
    o.set("claim", claim.toJson());
    return sign(o, signer);
  }

  public static Link revoke(ChainState st, Account account, SecretKey signer, long createdAt) {
    ObjectNode o = unsigned(st, Op.REVOKE, signer.publicKey(), createdAt);
    o.put("account", account.toString());
    return sign(o, signer);
  }

  /** A {@code rotate} to {@code next}, cross-signed by it. */
  public static Link rotate(ChainState st, SecretKey current, SecretKey next, long createdAt) {
    ObjectNode o = unsigned(st, Op.ROTATE, current.publicKey(), createdAt);
    o.put("new_key", next.publicKey().encoded());
    o.put("new_key_sig", Base64Url.encode(next.sign(Signing.digest(o))));
    return sign(o, current);
  }

  /** An {@code add_device} when both keys are at hand. */
  public static Link addDevice(ChainState st, SecretKey primary, SecretKey device, String name, long createdAt) {
    return completeAddDevice(signDeviceRequest(addDeviceRequest(st, primary.publicKey(), device.publicKey(), name, createdAt), device), primary);
  }

  /**
   * Step 1 of adding a device whose secret key is elsewhere: the unsigned link, to be signed
   * by the device ({@link #signDeviceRequest}) and then by the primary ({@link #completeAddDevice}).
   */
  public static ObjectNode addDeviceRequest(ChainState st, PublicKey primary, PublicKey device, String name, long createdAt) {
    ObjectNode o = unsigned(st, Op.ADD_DEVICE, primary, createdAt);
    o.put("device_key", device.encoded());
    if (name != null) o.put("device_name", name);
    return o;
  }

  /** Step 2, on the device: adds {@code device_sig}. */
  public static ObjectNode signDeviceRequest(ObjectNode request, SecretKey device) {
    if (!"add_device".equals(request.path("op").asText()) || !device.publicKey().encoded().equals(request.path("device_key").asText())) {
      throw new MalformedException("not an add_device request for this device key");
    }
    ObjectNode o = request.deepCopy();
    o.remove(List.of("sig", "device_sig"));
    o.put("device_sig", Base64Url.encode(device.sign(Signing.digest(o, "device_sig"))));
    return o;
  }

  /** Step 3, on the primary's machine: checks the device's signature and signs the link. */
  public static Link completeAddDevice(ObjectNode deviceSigned, SecretKey primary) {
    ObjectNode o = deviceSigned.deepCopy();
    if (!primary.publicKey().encoded().equals(o.path("key").asText())) {
      throw new MalformedException("the add_device request is not for this primary key");
    }
    Link link = sign(o, primary);
    if (!link.crossSignatureValid()) throw new MalformedException("\"device_sig\" does not verify for the device key");
    return link;
  }

  public static Link revokeDevice(ChainState st, SecretKey primary, PublicKey device, long createdAt) {
    ObjectNode o = unsigned(st, Op.REVOKE_DEVICE, primary.publicKey(), createdAt);
    o.put("device_key", device.encoded());
    return sign(o, primary);
  }

  private static ObjectNode unsigned(ChainState st, Op op, PublicKey key, long createdAt) {
    ObjectNode o = Json.newObject();
    o.put("kez", Claim.VERSION).put("type", "link").put("seq", st.length() + 1).put("created_at", createdAt)
        .put("op", op.wireName()).put("key", key.encoded());
    if (st.head() != null) o.put("prev", st.head());
    return o;
  }

  private static Link sign(ObjectNode o, SecretKey signer) {
    o.remove("sig");
    o.put("sig", Base64Url.encode(signer.sign(Signing.digest(o, "new_key_sig", "device_sig"))));
    return new Link(o);
  }
}
