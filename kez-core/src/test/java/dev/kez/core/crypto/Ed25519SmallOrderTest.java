package dev.kez.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC §2.4's rules on A and R, on every backend: each small-order encoding as A and as R, and a
 * mixed-order A and R (vectors from src/test/resources/ed25519/small_order.py, which writes
 * signatures satisfying the equation where it can, so only the rules refuse those).
 */
class Ed25519SmallOrderTest {
  record Vector(
      String comment, byte[] pk, byte[] msg, byte[] sig, boolean equationHolds, boolean valid) {
    @Override
    public String toString() {
      return comment;
    }
  }

  static List<Vector> vectors() throws IOException {
    try (InputStream in =
        Ed25519SmallOrderTest.class.getResourceAsStream("/ed25519/small-order.json")) {
      List<Vector> out = new ArrayList<>();
      HexFormat hex = HexFormat.of();
      for (JsonNode v : new ObjectMapper().readTree(in).get("vectors")) {
        out.add(
            new Vector(
                v.get("comment").textValue(),
                hex.parseHex(v.get("pk").textValue()),
                hex.parseHex(v.get("msg").textValue()),
                hex.parseHex(v.get("sig").textValue()),
                v.get("equationHolds").booleanValue(),
                v.get("expected").textValue().equals("valid")));
      }
      return out;
    }
  }

  static Stream<Arguments> vectorsOnEveryBackend() throws IOException {
    return vectors().stream()
        .flatMap(v -> Ed25519VectorsTest.backends().stream().map(b -> Arguments.of(v, b)));
  }

  @Test
  void everySmallOrderEncodingIsCoveredAsKeyAndAsR() throws IOException {
    List<Vector> all = vectors();
    // 7 y values, 2 sign bits, as A and as R; then one mixed-order R and one mixed-order A
    assertEquals(2 * 2 * SmallOrder.Y.length + 2, all.size());
    for (byte[] y : SmallOrder.Y) {
      for (int sign = 0; sign < 2; sign++) {
        byte[] e = y.clone();
        e[31] |= (byte) (sign << 7);
        assertTrue(
            all.stream().anyMatch(v -> java.util.Arrays.equals(v.pk(), e)),
            "as A: " + HexFormat.of().formatHex(e));
        assertTrue(
            all.stream()
                .anyMatch(v -> java.util.Arrays.equals(java.util.Arrays.copyOf(v.sig(), 32), e)),
            "as R: " + HexFormat.of().formatHex(e));
      }
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("vectorsOnEveryBackend")
  void sameVerdictOnEveryBackend(Vector v, Ed25519Backend backend) {
    assertEquals(v.valid(), Ed25519PublicKey.of(v.pk()).verify(v.msg(), v.sig(), backend));
    assertEquals(v.valid(), Ed25519PublicKey.of(v.pk()).verify(v.msg(), v.sig()));
  }

  /**
   * libsodium alone (cofactorless) refuses the mixed-order R the cofactored equation accepts: the
   * second opinion is what makes them agree.
   */
  @Test
  void libsodiumAloneRefusesMixedOrderR() throws IOException {
    if (Ed25519Backend.sodium().isEmpty()) {
      assertTrue(
          Ed25519Backend.current().description().startsWith("BouncyCastle ("),
          "libsodium did not load, and says why");
      return;
    }
    Vector mixed =
        vectors().stream()
            .filter(v -> v.comment().startsWith("mixed-order R"))
            .findFirst()
            .orElseThrow();
    assertTrue(mixed.valid() && !mixed.equationHolds());
    assertFalse(Ed25519Backend.Sodium.verify(mixed.sig(), mixed.msg(), mixed.pk()));
  }

  /**
   * BouncyCastle's verify alone (it checks the equation with the cofactor) accepts small-order and
   * mixed-order R: the rules in front are what make its verdicts libsodium's.
   */
  @Test
  void bouncyCastleAloneWouldAcceptSome() throws IOException {
    List<String> accepted =
        vectors().stream()
            .filter(v -> {
              Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(v.pk(), 0);
              return point != null && Ed25519.verify(v.sig(), 0, point, v.msg(), 0, v.msg().length);
            })
            .map(Vector::comment)
            .toList();
    assertTrue(accepted.contains("R: y=1 (order 1), x sign 0"), accepted.toString());
    assertTrue(accepted.stream().anyMatch(c -> c.startsWith("mixed-order R")), accepted.toString());
  }

  /**
   * The table holds points of small order only: BouncyCastle's full check (order L) refuses each,
   * and accepts an honest key.
   */
  @Test
  void theTableHoldsSmallOrderPointsOnly() {
    for (byte[] y : SmallOrder.Y)
      assertFalse(Ed25519.validatePublicKeyFull(y, 0), HexFormat.of().formatHex(y));
    SecretKey honest = SecretKey.fromSecret(Algorithm.ED25519, new byte[32]);
    assertTrue(Ed25519.validatePublicKeyFull(honest.publicKey().bytes(), 0));
  }

  @Test
  void honestKeysAndSignaturesAreNeverCaught() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (int i = 0; i < 50; i++) {
      byte[] secret = new byte[32];
      random.nextBytes(secret);
      SecretKey key = SecretKey.fromSecret(Algorithm.ED25519, secret);
      byte[] msg = new byte[32];
      random.nextBytes(msg);
      byte[] sig = key.sign(msg);
      assertFalse(SmallOrder.is(key.publicKey().bytes()), "seed " + seed);
      assertFalse(SmallOrder.is(sig), "seed " + seed);
      for (Ed25519Backend b : Ed25519VectorsTest.backends()) {
        assertTrue(((Ed25519PublicKey) key.publicKey()).verify(msg, sig, b), b + ", seed " + seed);
      }
    }
  }
}
