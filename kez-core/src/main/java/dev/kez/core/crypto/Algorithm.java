package dev.kez.core.crypto;

import dev.kez.core.MalformedException;
import java.util.Locale;

/** The two signature suites of KEZ (SPEC.md §2.1). */
public enum Algorithm {
  /** secp256k1 with BIP-340 Schnorr signatures; keys are NIP-19 npub/nsec strings. */
  NOSTR("nostr"),
  /** Ed25519 (RFC 8032, pure); public keys are {@code ed25519:} + base64url. */
  ED25519("ed25519");

  private final String wireName;

  Algorithm(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Algorithm fromName(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "nostr", "secp256k1", "bip340" -> NOSTR;
      case "ed25519" -> ED25519;
      default ->
          throw new MalformedException(
              "unknown algorithm '" + name + "' (expected nostr or ed25519)");
    };
  }

  @Override
  public String toString() {
    return wireName;
  }
}
