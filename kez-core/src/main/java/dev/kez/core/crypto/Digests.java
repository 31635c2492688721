package dev.kez.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the one hash of the protocol (SPEC.md §1.6): the only place that makes one. */
public final class Digests {
  // One instance per thread: the chain verifier hashes three texts per link on its hot path.
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(() -> {
        try {
          return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
      });

  private Digests() {}

  public static byte[] sha256(byte[] data) {
    return SHA256.get().digest(data);
  }

  /** SHA-256 of the text's UTF-8 bytes. */
  public static byte[] sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
