package dev.kez.core.crypto;

import dev.kez.core.MalformedException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** An Ed25519 public key, written as {@code ed25519:} + base64url-nopad of its 32 bytes. */
public final class Ed25519PublicKey implements PublicKey {
  private static final int KEY_LENGTH = 32;
  private static final Ed25519Backend.KeyVerifier REFUSE = (message, signature) -> false;

  private final byte[] key;
  private final String encoded;

  /**
   * What the backend decoded from the key, made on the first verify; REFUSE when the key is no
   * usable point.
   */
  private volatile Ed25519Backend.@Nullable KeyVerifier verifier;

  private Ed25519PublicKey(byte[] key) {
    this.key = key;
    this.encoded = ED25519_PREFIX + Base64Url.encode(key);
  }

  public static Ed25519PublicKey of(byte[] raw) {
    if (raw.length != KEY_LENGTH) {
      throw new MalformedException("malformed ed25519 key: expected 32 bytes, got " + raw.length);
    }
    return new Ed25519PublicKey(raw.clone());
  }

  @Override
  public Algorithm algorithm() {
    return Algorithm.ED25519;
  }

  @Override
  public byte[] bytes() {
    return key.clone();
  }

  @Override
  public String encoded() {
    return encoded;
  }

  /**
   * Strict RFC 8032 verification (SPEC §2.4): both backends refuse S ≥ L and non-canonical A and R;
   * the small-order rule is applied here, in front of either, so the verdict is the same whichever
   * loaded.
   */
  @Override
  public boolean verify(byte[] message, byte[] signature) {
    Ed25519Backend.KeyVerifier v = verifier;
    if (v == null) verifier = v = verifierFor(key, Ed25519Backend.current());
    return check(v, message, signature);
  }

  /** Verifies with a given backend (tests and benchmarks compare them); the same rules apply. */
  public boolean verify(byte[] message, byte[] signature, Ed25519Backend backend) {
    return check(verifierFor(key, backend), message, signature);
  }

  private static boolean check(Ed25519Backend.KeyVerifier v, byte[] message, byte[] signature) {
    if (signature == null || signature.length != Signing.SIGNATURE_LENGTH || message == null)
      return false;
    if (SmallOrder.is(signature)) return false; // R, the signature's first 32 bytes
    try {
      return v.verify(message, signature);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Ed25519Backend.KeyVerifier verifierFor(byte[] key, Ed25519Backend backend) {
    if (SmallOrder.is(key)) return REFUSE;
    Ed25519Backend.KeyVerifier v = backend.forKey(key);
    return v == null ? REFUSE : v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey k && Arrays.equals(key, k.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return encoded;
  }
}
