package dev.kez.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.MalformedException;
import dev.kez.core.testing.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 8032 §7.1 and every Wycheproof Ed25519 case, through the public API, on every backend that
 * loads here.
 */
class Ed25519VectorsTest {
  record Wycheproof(int id, String pk, String msg, String sig, String result, String comment) {
    @Override
    public String toString() {
      return id + " " + result + " " + comment;
    }
  }

  static Stream<JsonNode> rfc8032() {
    List<JsonNode> out = new ArrayList<>();
    Vectors.json("third-party/rfc8032-ed25519.json").get("vectors").forEach(out::add);
    return out.stream();
  }

  static Stream<Wycheproof> wycheproof() {
    List<Wycheproof> out = new ArrayList<>();
    for (JsonNode g : Vectors.json("third-party/wycheproof/ed25519_test.json").get("testGroups")) {
      String pk = g.get("publicKey").get("pk").textValue();
      for (JsonNode t : g.get("tests")) {
        out.add(
            new Wycheproof(
                t.get("tcId").intValue(),
                pk,
                t.get("msg").textValue(),
                t.get("sig").textValue(),
                t.get("result").textValue(),
                t.get("comment").textValue()));
      }
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("rfc8032")
  void rfc8032SignsAndVerifies(JsonNode v) {
    SecretKey secret =
        SecretKey.fromSecret(Algorithm.ED25519, Vectors.hex(v.get("secret_key").textValue()));
    byte[] pk = Vectors.hex(v.get("public_key").textValue());
    byte[] msg = Vectors.hex(v.get("message").textValue());
    byte[] sig = Vectors.hex(v.get("signature").textValue());
    assertArrayEquals(pk, secret.publicKey().bytes());
    assertArrayEquals(sig, secret.sign(msg));
    assertTrue(Ed25519PublicKey.of(pk).verify(msg, sig));
    sig[0] ^= 1;
    assertFalse(Ed25519PublicKey.of(pk).verify(msg, sig));
  }

  @Test
  void allCasesAreRead() {
    assertEquals(3, rfc8032().count());
    assertEquals(151, wycheproof().count());
    // The file has no "acceptable" cases; were one added, this test asks for a decision on it.
    assertEquals(
        151,
        wycheproof()
            .filter(w -> w.result().equals("valid") || w.result().equals("invalid"))
            .count());
  }

  /**
   * Each backend that loads on this machine, and the default path (whichever {@link
   * Ed25519Backend#current} chose).
   */
  static List<Ed25519Backend> backends() {
    List<Ed25519Backend> out = new ArrayList<>(List.of(Ed25519Backend.bouncyCastle()));
    Ed25519Backend.sodium().ifPresent(out::add);
    return out;
  }

  static Stream<Arguments> wycheproofOnEveryBackend() {
    return wycheproof()
        .flatMap(w ->
            Stream.concat(
                Stream.of(Arguments.of(w, null)),
                backends().stream().map(b -> Arguments.of(w, b))));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("wycheproofOnEveryBackend")
  void wycheproofCase(Wycheproof w, Ed25519Backend backend) {
    byte[] pk = Vectors.hex(w.pk());
    byte[] msg = Vectors.hex(w.msg());
    byte[] sig = Vectors.hex(w.sig());
    boolean verified;
    try {
      Ed25519PublicKey key = Ed25519PublicKey.of(pk);
      verified = backend == null ? key.verify(msg, sig) : key.verify(msg, sig, backend);
    } catch (MalformedException e) { // only a key of the wrong length may be refused this way
      assertTrue(pk.length != 32, e.getMessage());
      verified = false;
    }
    assertEquals(w.result().equals("valid"), verified);
  }

  /**
   * A process checks its first signatures with BouncyCastle, then libsodium: the verdicts are the
   * same on both sides of the switch.
   */
  @Test
  void theProcessSwitchesToLibsodiumWithTheSameVerdicts() {
    Ed25519Backend tiered = Ed25519Backend.Sodium.AFTER_BOUNCY_CASTLE;
    SecretKey secret = SecretKey.fromSecret(Algorithm.ED25519, new byte[32]);
    Ed25519PublicKey key = (Ed25519PublicKey) secret.publicKey();
    byte[] msg = new byte[32];
    byte[] sig = secret.sign(msg);
    for (int i = 0; i <= Ed25519Backend.Sodium.BOUNCY_CASTLE_FIRST; i++)
      assertTrue(key.verify(msg, sig, tiered));
    assertEquals(
        Ed25519Backend.Sodium.BOUNCY_CASTLE_FIRST,
        Ed25519Backend.Sodium.CHECKED.get()); // counts up to the switch only
    wycheproof()
        .filter(w -> w.pk().length() == 64)
        .forEach(w ->
            assertEquals(
                w.result().equals("valid"),
                Ed25519PublicKey.of(Vectors.hex(w.pk()))
                    .verify(Vectors.hex(w.msg()), Vectors.hex(w.sig()), tiered),
                w.toString()));
  }

  /** libsodium must load wherever the JDK can call it and the system has it: no silent fallback. */
  @Test
  void sodiumLoadsWhereverTheSystemHasIt() {
    boolean systemHasIt =
        Stream.of(
                "/usr/lib/x86_64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu",
                "/usr/lib",
                "/usr/local/lib",
                "/lib/x86_64-linux-gnu",
                "/opt/homebrew/lib")
            .map(java.nio.file.Path::of)
            .filter(java.nio.file.Files::isDirectory)
            .flatMap(d -> {
              try (var files = java.nio.file.Files.list(d)) {
                return files
                    .map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("libsodium."))
                    .toList()
                    .stream();
              } catch (java.io.IOException e) {
                return Stream.empty();
              }
            })
            .findAny()
            .isPresent();
    if (systemHasIt && Runtime.version().feature() >= 22) {
      assertTrue(Ed25519Backend.sodium().isPresent(), Ed25519Backend.bouncyCastle().description());
      assertTrue(
          Ed25519Backend.current().description().startsWith("libsodium"),
          Ed25519Backend.current().description());
    } else {
      assertTrue(
          Ed25519Backend.current().description().startsWith("BouncyCastle ("),
          Ed25519Backend.current().description());
    }
  }

  @Test
  void badKeyLengthsAreMalformedNotACrash() {
    for (int n : new int[] {0, 1, 31, 33, 64}) {
      assertThrows(MalformedException.class, () -> Ed25519PublicKey.of(new byte[n]));
    }
    // A 32-byte string that is no point on the curve is simply not valid.
    byte[] notAPoint =
        Vectors.hex("0200000000000000000000000000000000000000000000000000000000000000");
    assertFalse(Ed25519PublicKey.of(notAPoint).verify(new byte[32], new byte[64]));
    assertFalse(Ed25519PublicKey.of(new byte[32]).verify(new byte[32], new byte[63]));
  }
}
