package dev.kez.core.crypto;

import dev.kez.core.MalformedException;
import java.util.Base64;

/** base64url without padding, strict: only the canonical encoding of some bytes is accepted. */
public final class Base64Url {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Base64Url() {}

  public static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  public static byte[] decode(String s) {
    if (s.indexOf('=') >= 0)
      throw new MalformedException("malformed base64url: padding is not allowed");
    byte[] out;
    try {
      out = DECODER.decode(s);
    } catch (IllegalArgumentException e) {
      throw new MalformedException("malformed base64url: " + e.getMessage());
    }
    // The JDK decoder tolerates stray low bits in the last character; a strict reader must not.
    if (!ENCODER.encodeToString(out).equals(s))
      throw new MalformedException("malformed base64url: non-canonical encoding");
    return out;
  }
}
