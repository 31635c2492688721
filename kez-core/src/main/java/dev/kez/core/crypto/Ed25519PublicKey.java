package dev.kez.core.crypto;

import dev.kez.core.MalformedException;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jspecify.annotations.Nullable;

/** An Ed25519 public key, written as {@code ed25519:} + base64url-nopad of its 32 bytes. */
public final class Ed25519PublicKey implements PublicKey {
  private final byte[] key;
  private final String encoded;
  /** The decoded point, as BouncyCastle's own key parameters keep it; null when the bytes are no point. */
  private final Ed25519.@Nullable PublicPoint point;

  private Ed25519PublicKey(byte[] key) {
    this.key = key;
    this.encoded = ED25519_PREFIX + Base64Url.encode(key);
    this.point = Ed25519.validatePublicKeyPartialExport(key, 0);
  }

  public static Ed25519PublicKey of(byte[] raw) {
    if (raw.length != Ed25519.PUBLIC_KEY_SIZE) {
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

  /** Strict RFC 8032 verification: BouncyCastle refuses S >= L and non-canonical points. */
  @Override
  public boolean verify(byte[] message, byte[] signature) {
    if (point == null || signature == null || signature.length != Ed25519.SIGNATURE_SIZE || message == null) return false;
    try {
      // the point is decoded once per key, not on every verify
      return Ed25519.verify(signature, 0, point, message, 0, message.length);
    } catch (RuntimeException e) {
      return false;
    }
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
