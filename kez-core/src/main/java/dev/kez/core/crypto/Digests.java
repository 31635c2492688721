package dev.kez.core.crypto;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.SavableDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * SHA-256, the one hash of the protocol (SPEC.md §1.6): the only place that makes one. It is
 * BouncyCastle's {@link SHA256Digest}, restored from the saved state of a fresh one ({@link
 * #FRESH}; DigestsTest checks it is that): its constructor's CryptoServicesRegistrar check sets up
 * java.util.logging and BigInteger parameters, and the JDK's digest its provider list, each a tenth
 * of a short command's start-up (issue 16).
 */
public final class Digests {
  /** {@code new SHA256Digest().getEncodedState()}: the initial hash value, nothing buffered. */
  static final byte[] FRESH =
      HexFormat.of()
          .parseHex(
              "00000000000000000000000000000000"
                  + "6a09e667bb67ae853c6ef372a54ff53a510e527f9b05688c1f83d9ab5be0cd19"
                  + "0000000009");

  private Digests() {}

  public static byte[] sha256(byte[] data) {
    SavableDigest d = SHA256Digest.newInstance(FRESH);
    d.update(data, 0, data.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  /** SHA-256 of the text's UTF-8 bytes. */
  public static byte[] sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
