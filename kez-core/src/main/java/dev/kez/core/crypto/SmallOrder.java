package dev.kez.core.crypto;

import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * SPEC §2.4's small-order rule: an Ed25519 key A or signature point R whose encoding, bit 255 (the
 * sign of x) ignored, is the y of a point of order 1, 2, 4 or 8 — canonical, or y + p — is refused
 * in front of whichever backend checks the equation (libsodium refuses these, BouncyCastle only
 * some), so the verdict never depends on the backend.
 */
final class SmallOrder {
  private SmallOrder() {}

  /** y as 32 little-endian bytes, bit 255 clear. */
  static final byte[][] Y =
      Stream.of(
              "0000000000000000000000000000000000000000000000000000000000000000", // 0: order 4
              "0100000000000000000000000000000000000000000000000000000000000000", // 1: order 1, the
              // neutral element
              "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p-1: order 2
              "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // c: order 8
              "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // p-c: order 8
              "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p: 0,
              // non-canonical
              "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f") // p+1: 1,
          // non-canonical
          .map(HexFormat.of()::parseHex)
          .toArray(byte[][]::new);

  /** Whether the first 32 bytes of {@code encoding} are one of the small-order encodings. */
  static boolean is(byte[] encoding) {
    for (byte[] y : Y) {
      int diff = (encoding[31] & 0x7f) ^ y[31];
      for (int i = 0; i < 31 && diff == 0; i++) diff |= encoding[i] ^ y[i];
      if (diff == 0) return true;
    }
    return false;
  }
}
