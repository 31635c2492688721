package dev.kez.core.crypto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.json.Jcs;
import dev.kez.core.json.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The signing digest of SPEC.md §2.2: SHA-256 of the JCS of the object without its signatures. */
public final class Signing {
  public static final int SIGNATURE_LENGTH = 64;

  private Signing() {}

  /** SHA-256(JCS(object without "sig" and without the given extra signature members)). */
  public static byte[] digest(ObjectNode object, String... alsoWithout) {
    Set<String> without = new HashSet<>(List.of(alsoWithout));
    without.add("sig");
    return Digests.sha256(Jcs.canonicalizeWithout(object, without));
  }

  /** Reads a signature member: base64url-nopad of exactly 64 bytes. */
  public static byte[] signature(ObjectNode object, String member) {
    byte[] sig;
    try {
      sig = Base64Url.decode(Json.string(object, member));
    } catch (MalformedException e) {
      throw new MalformedException("malformed \"" + member + "\": " + e.getMessage());
    }
    if (sig.length != SIGNATURE_LENGTH) {
      throw new MalformedException(
          "malformed \"" + member + "\": expected 64 signature bytes, got " + sig.length);
    }
    return sig;
  }
}
