package dev.kez.core.crypto;

import dev.kez.core.MalformedException;
import fr.acinq.secp256k1.Secp256k1;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A signing key. Its secret bytes leave only through {@link #exportSecret()}, which callers use for
 * explicit export and for encrypted storage; {@link #toString()} never shows them.
 */
public final class SecretKey {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Algorithm algorithm;
  private final byte[] secret;
  private final PublicKey publicKey;

  private SecretKey(Algorithm algorithm, byte[] secret, PublicKey publicKey) {
    this.algorithm = algorithm;
    this.secret = secret;
    this.publicKey = publicKey;
  }

  /** Makes a fresh key from the system's secure random source. */
  public static SecretKey generate(Algorithm algorithm) {
    while (true) {
      byte[] candidate = new byte[32];
      RANDOM.nextBytes(candidate);
      try {
        return fromSecret(algorithm, candidate);
      } catch (MalformedException e) {
        // a secp256k1 scalar of 0 or >= n: astronomically rare, draw again
      }
    }
  }

  /**
   * A key from its 32 secret bytes: a secp256k1 scalar for nostr, the RFC 8032 seed for Ed25519.
   */
  public static SecretKey fromSecret(Algorithm algorithm, byte[] secret) {
    if (secret.length != 32)
      throw new MalformedException("malformed secret key: expected 32 bytes, got " + secret.length);
    byte[] s = secret.clone();
    return switch (algorithm) {
      case NOSTR -> {
        Secp256k1 lib = Secp256k1.Companion.get();
        if (!lib.secKeyVerify(s))
          throw new MalformedException("malformed secret key: not a valid secp256k1 scalar");
        byte[] uncompressed = lib.pubkeyCreate(s);
        yield new SecretKey(
            algorithm, s, NostrPublicKey.of(Arrays.copyOfRange(uncompressed, 1, 33)));
      }
      case ED25519 -> {
        byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(s, 0, pk, 0);
        yield new SecretKey(algorithm, s, Ed25519PublicKey.of(pk));
      }
    };
  }

  /** Parses an nsec1… string. */
  public static SecretKey fromNsec(String nsec) {
    return fromSecret(Algorithm.NOSTR, Bech32.decode(nsec.trim(), "nsec"));
  }

  public Algorithm algorithm() {
    return algorithm;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** Signs a message (for KEZ objects, the 32 digest bytes) with fresh auxiliary randomness. */
  public byte[] sign(byte[] message) {
    byte[] aux = new byte[32];
    RANDOM.nextBytes(aux);
    return sign(message, aux);
  }

  /**
   * Signs with the given BIP-340 auxiliary randomness (ignored by Ed25519, which is deterministic).
   * Fixed aux is for reproducible test vectors only (SPEC.md §2.3).
   */
  public byte[] sign(byte[] message, byte[] aux) {
    return switch (algorithm) {
      case NOSTR -> {
        // libsecp256k1's binding signs 32-byte messages only; KEZ only ever signs 32-byte digests.
        if (message.length != 32)
          throw new IllegalArgumentException(
              "nostr keys sign 32-byte digests only, got " + message.length + " bytes");
        yield Secp256k1.Companion.get().signSchnorr(message, secret, aux);
      }
      case ED25519 -> {
        byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(secret, 0, message, 0, message.length, sig, 0);
        yield sig;
      }
    };
  }

  /** The 32 secret bytes, for explicit export or encrypted storage only. */
  public byte[] exportSecret() {
    return secret.clone();
  }

  /** The NIP-19 nsec string (nostr keys only). */
  public String toNsec() {
    if (algorithm != Algorithm.NOSTR)
      throw new IllegalStateException("only nostr keys have an nsec form");
    return Bech32.encode("nsec", secret);
  }

  @Override
  public String toString() {
    return "SecretKey[" + algorithm + ", public=" + publicKey.encoded() + "]";
  }
}
