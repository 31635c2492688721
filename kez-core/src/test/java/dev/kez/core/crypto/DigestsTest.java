package dev.kez.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kez.core.testing.Tries;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Test;

/** Digests restores BouncyCastle's own fresh SHA-256 state, and both its digests hash alike. */
class DigestsTest {
  @Test
  void freshIsTheStateOfANewDigest() {
    assertArrayEquals(new SHA256Digest().getEncodedState(), Digests.FRESH);
  }

  @Test
  void fipsVectors() {
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        HexFormat.of().formatHex(Digests.sha256("abc")));
    assertEquals(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        HexFormat.of().formatHex(Digests.sha256(new byte[0])));
  }

  @Test
  void sameAsTheJdk() {
    Tries.run(
        300,
        r -> {
          byte[] data = Tries.bytes(r, 0, 300);
          byte[] expected;
          try {
            expected = MessageDigest.getInstance("SHA-256").digest(data);
          } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
          }
          assertArrayEquals(expected, Digests.bouncyCastle(data));
          assertArrayEquals(expected, Digests.bouncyCastle(data)); // no state kept between
          assertArrayEquals(expected, Digests.jdk(data));
          assertArrayEquals(expected, Digests.sha256(data));
        });
  }

  /** Past the short run's hashes, the same hashes from the JDK's digest. */
  @Test
  void sameAfterTheShortRun() {
    for (int i = 0; i <= Digests.SHORT_RUN; i++) Digests.sha256(new byte[] {(byte) i});
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        HexFormat.of().formatHex(Digests.sha256("abc")));
  }
}
