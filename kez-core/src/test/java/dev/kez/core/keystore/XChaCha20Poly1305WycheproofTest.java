package dev.kez.core.keystore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.testing.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Wycheproof's XChaCha20-Poly1305 vectors against the AEAD the key store seals with. */
class XChaCha20Poly1305WycheproofTest {
  record Case(
      int id,
      String comment,
      byte[] key,
      byte[] iv,
      byte[] aad,
      byte[] msg,
      byte[] ct,
      byte[] tag,
      boolean valid) {
    @Override
    public String toString() {
      return id + " " + comment;
    }
  }

  static Stream<Case> cases() {
    List<Case> out = new ArrayList<>();
    for (JsonNode group :
        Vectors.json("third-party/wycheproof/xchacha20_poly1305_test.json").get("testGroups")) {
      for (JsonNode t : group.get("tests")) {
        out.add(
            new Case(
                t.get("tcId").intValue(),
                t.get("comment").textValue(),
                hex(t, "key"),
                hex(t, "iv"),
                hex(t, "aad"),
                hex(t, "msg"),
                hex(t, "ct"),
                hex(t, "tag"),
                t.get("result").textValue().equals("valid")));
      }
    }
    return out.stream();
  }

  private static byte[] hex(JsonNode t, String name) {
    return Vectors.hex(t.get(name).textValue());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesWycheproof(Case c) {
    byte[] sealed = concat(c.ct(), c.tag());
    if (c.iv().length != 24) { // invalid nonce sizes are refused, whichever way round
      assertTrue(!c.valid());
      assertThrows(
          IllegalArgumentException.class,
          () -> EncryptedSecret.seal(c.key(), c.iv(), c.aad(), c.msg()));
      assertThrows(
          IllegalArgumentException.class,
          () -> EncryptedSecret.open(c.key(), c.iv(), c.aad(), sealed));
      return;
    }
    Optional<byte[]> opened = EncryptedSecret.open(c.key(), c.iv(), c.aad(), sealed);
    if (c.valid()) {
      assertArrayEquals(sealed, EncryptedSecret.seal(c.key(), c.iv(), c.aad(), c.msg()));
      assertArrayEquals(c.msg(), opened.orElseThrow());
    } else {
      assertTrue(opened.isEmpty(), "a modified ciphertext or tag must not open");
    }
  }

  @Test
  void readsEveryCase() {
    assertEquals(315, cases().count());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
