package dev.kez.chat.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.Protocol;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.crypto.Signing;
import dev.kez.core.json.Jcs;
import dev.kez.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The parts every signed kez-chat object shares (SPEC.md §2.2): the {@code kez}/{@code type}
 * header, the signing {@code key}, {@code sig}, the digest and the canonical bytes. The object is
 * kept whole, so unknown members stay covered by the signature and are preserved.
 */
final class Signed {
  final ObjectNode json;
  final PublicKey key;
  final byte[] sig;
  final byte[] digest;
  final byte[] canonical;

  private Signed(ObjectNode json, String type) {
    this.json = json;
    Claim.requireHeader(json, type);
    try {
      this.key = PublicKey.parse(Json.string(json, "key"));
    } catch (MalformedException e) {
      throw new MalformedException("malformed " + type + ": " + e.getMessage());
    }
    this.sig = Signing.signature(json, "sig");
    this.canonical = Jcs.canonicalize(json);
    this.digest = Signing.digest(json);
  }

  /** Parses the shared parts of a signed object of {@code type} (a deep copy is kept). */
  static Signed parse(JsonNode node, String type) {
    if (node == null || !node.isObject())
      throw new MalformedException("malformed " + type + ": expected a JSON object");
    return new Signed(((ObjectNode) node).deepCopy(), type);
  }

  /** Signs an unsigned object (its header and key already set) and parses the result. */
  static Signed sign(ObjectNode unsigned, SecretKey secret, String type) {
    unsigned.put("sig", Base64Url.encode(secret.sign(Signing.digest(unsigned))));
    return new Signed(unsigned, type);
  }

  /** A new object with the header of {@code type} and the signer's key. */
  static ObjectNode header(String type, PublicKey key) {
    return Json.newObject()
        .put("kez", Protocol.VERSION)
        .put("type", type)
        .put("key", key.encoded());
  }

  boolean signatureValid() {
    return key.verify(digest, sig);
  }

  String canonicalJson() {
    return new String(canonical, StandardCharsets.UTF_8);
  }

  boolean sameBytes(Signed o) {
    return Arrays.equals(canonical, o.canonical);
  }

  Handle handle(String member, String type) {
    try {
      return new Handle(
          Json.string(json, member)); // signed objects carry the lowercase form itself
    } catch (MalformedException e) {
      throw new MalformedException("malformed " + type + ": \"" + member + "\": " + e.getMessage());
    }
  }
}
