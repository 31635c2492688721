package dev.kez.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bouncycastle.crypto.SavableDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * SHA-256, the one hash of the protocol (SPEC.md §1.6): the only place that makes one. A process's
 * first {@value #SHORT_RUN} hashes come from BouncyCastle's {@link SHA256Digest}, restored from the
 * saved state of a fresh one ({@link #FRESH}): the JDK's digest first looks up its provider, and
 * BouncyCastle's constructor sets up its CryptoServicesRegistrar, each a tenth of a short command's
 * start-up (issue 16). Longer runs then use the JDK's, which the JIT compiles to the CPU's SHA
 * instructions. DigestsTest holds the two equal.
 */
public final class Digests {
  static final int SHORT_RUN = 1024;

  /** {@code new SHA256Digest().getEncodedState()}: the initial hash value, nothing buffered. */
  static final byte[] FRESH =
      HexFormat.of()
          .parseHex(
              "00000000000000000000000000000000"
                  + "6a09e667bb67ae853c6ef372a54ff53a510e527f9b05688c1f83d9ab5be0cd19"
                  + "0000000009");

  private static int hashed; // racy on purpose: either way the hash is the same

  // A clone of one unused digest, not a ThreadLocal: servers run each request on a new virtual
  // thread, so a ThreadLocal would look the provider up again for every request.
  private static final class Jdk {
    static final MessageDigest SHA256;

    static {
      try {
        SHA256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every JDK", e);
      }
    }
  }

  private Digests() {}

  public static byte[] sha256(byte[] data) {
    if (hashed < SHORT_RUN) {
      hashed++;
      return bouncyCastle(data);
    }
    return jdk(data);
  }

  /** SHA-256 of the text's UTF-8 bytes. */
  public static byte[] sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] bouncyCastle(byte[] data) {
    SavableDigest d = SHA256Digest.newInstance(FRESH);
    d.update(data, 0, data.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  static byte[] jdk(byte[] data) {
    try {
      return ((MessageDigest) Jdk.SHA256.clone()).digest(data);
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
    }
  }
}
