package dev.kez.chat.protocol;

import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Base64Url;

/**
 * A device's X25519 public key for receiving (chat.md §3): 32 bytes, written b64u. The same string
 * is the {@code kid} of the copy sealed to it (chat.md §4).
 */
public record EncKey(String encoded) {
  public static final int LENGTH = 32;

  public EncKey {
    byte[] raw;
    try {
      raw = Base64Url.decode(encoded);
    } catch (MalformedException e) {
      throw new MalformedException("malformed X25519 key: " + e.getMessage());
    }
    if (raw.length != LENGTH)
      throw new MalformedException("malformed X25519 key: expected 32 bytes, got " + raw.length);
  }

  public static EncKey of(byte[] raw) {
    return new EncKey(Base64Url.encode(raw));
  }

  public byte[] bytes() {
    return Base64Url.decode(encoded);
  }

  @Override
  public String toString() {
    return encoded;
  }
}
