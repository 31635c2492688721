package dev.kez.core.crypto;

import dev.kez.core.MalformedException;

/**
 * A primary or device public key, in one of the two suites. Parsed from and written as the key
 * strings of SPEC.md §2.1: {@code npub1…} or {@code ed25519:<base64url>}.
 */
public sealed interface PublicKey permits NostrPublicKey, Ed25519PublicKey {
  String ED25519_PREFIX = "ed25519:";

  Algorithm algorithm();

  /** The 32 raw key bytes (a copy). */
  byte[] bytes();

  /** The key string as it appears on the wire. */
  String encoded();

  /**
   * Verifies a 64-byte signature over a message (for KEZ objects, the 32 digest bytes). Never
   * throws on bad input: a malformed signature is simply not valid.
   */
  boolean verify(byte[] message, byte[] signature);

  static PublicKey parse(String s) {
    if (s == null) throw new MalformedException("malformed key: missing");
    if (s.startsWith(ED25519_PREFIX)) {
      byte[] raw = Base64Url.decode(s.substring(ED25519_PREFIX.length()));
      return Ed25519PublicKey.of(raw);
    }
    if (s.startsWith("npub1")) return NostrPublicKey.of(Bech32.decode(s, "npub"));
    throw new MalformedException("malformed key: expected npub1… or ed25519:…");
  }
}
