package dev.kez.core.keystore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.Bech32;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.testing.Vectors;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** NIP-49 (its official example) and the same construction for Ed25519 seeds. */
class EncryptedSecretTest {
  private static final JsonNode NIP49 = Vectors.json("third-party/nostr.json").get("nip49");

  /** Cheap scrypt for round trips; the NIP-49 example itself runs at its own log_n 16. */
  private static final int FAST = 8;

  @Test
  void decryptsTheNip49Example() {
    SecretKey key =
        EncryptedSecret.decrypt(
            Algorithm.NOSTR,
            NIP49.get("ncryptsec").textValue(),
            NIP49.get("password").textValue().toCharArray());
    assertEquals(NIP49.get("hex_secret").textValue(), HexFormat.of().formatHex(key.exportSecret()));
    byte[] container = Bech32.decode(NIP49.get("ncryptsec").textValue(), "ncryptsec");
    assertEquals(NIP49.get("log_n").intValue(), container[1] & 0xff);
  }

  @Test
  void theNip49ExampleRefusesAWrongPassword() {
    KeyStoreException e =
        assertThrows(
            KeyStoreException.class,
            () ->
                EncryptedSecret.decrypt(
                    Algorithm.NOSTR, NIP49.get("ncryptsec").textValue(), "Nostr".toCharArray()));
    assertTrue(e.getMessage().contains("wrong passphrase"), e.getMessage());
  }

  @Test
  void normalizesPasswordsToNfkc() {
    JsonNode ex = NIP49.get("nfkc_example");
    StringBuilder input = new StringBuilder();
    for (JsonNode cp : ex.get("input_codepoints"))
      input.appendCodePoint(Integer.parseInt(cp.textValue().substring(2), 16));
    byte[] normalized = EncryptedSecret.passwordBytes(input.toString().toCharArray());
    assertEquals(ex.get("nfkc_utf8_hex").textValue(), HexFormat.of().formatHex(normalized));

    // so a key sealed under the unnormalized form opens with the normalized one, and back
    SecretKey key = SecretKey.generate(Algorithm.NOSTR);
    String sealed = EncryptedSecret.encrypt(key, input.toString().toCharArray(), FAST);
    String nfkc =
        new String(
            HexFormat.of().parseHex(ex.get("nfkc_utf8_hex").textValue()),
            java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(
        key.publicKey(),
        EncryptedSecret.decrypt(Algorithm.NOSTR, sealed, nfkc.toCharArray()).publicKey());
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void roundTripsBothSuites(Algorithm alg) {
    SecretKey key = SecretKey.generate(alg);
    String sealed = EncryptedSecret.encrypt(key, "correct horse".toCharArray(), FAST);
    assertTrue(sealed.startsWith(EncryptedSecret.prefix(alg) + "1"), sealed);
    byte[] container = Bech32.decode(sealed, EncryptedSecret.prefix(alg));
    assertEquals(91, container.length);
    assertEquals(2, container[0]);
    assertEquals(FAST, container[1]);
    assertEquals(EncryptedSecret.KEY_SECURITY_UNKNOWN, container[42]);
    SecretKey back = EncryptedSecret.decrypt(alg, sealed, "correct horse".toCharArray());
    assertArrayEquals(key.exportSecret(), back.exportSecret());
    // fresh salt and nonce every time
    assertNotEquals(sealed, EncryptedSecret.encrypt(key, "correct horse".toCharArray(), FAST));
    assertThrows(
        KeyStoreException.class,
        () -> EncryptedSecret.decrypt(alg, sealed, "correct horsE".toCharArray()));
  }

  @Test
  void anEd25519ContainerIsNotANostrOne() {
    SecretKey key = SecretKey.generate(Algorithm.ED25519);
    String sealed = EncryptedSecret.encrypt(key, "pw".toCharArray(), FAST);
    assertThrows(
        MalformedException.class,
        () -> EncryptedSecret.decrypt(Algorithm.NOSTR, sealed, "pw".toCharArray()));
  }

  @Test
  void theKeySecurityByteIsAuthenticated() {
    SecretKey key = SecretKey.generate(Algorithm.NOSTR);
    byte[] container =
        Bech32.decode(EncryptedSecret.encrypt(key, "pw".toCharArray(), FAST), "ncryptsec");
    container[42] = 0x01;
    String altered = Bech32.encode("ncryptsec", container);
    assertThrows(
        KeyStoreException.class,
        () -> EncryptedSecret.decrypt(Algorithm.NOSTR, altered, "pw".toCharArray()));
  }

  @Test
  void refusesDamagedContainers() {
    SecretKey key = SecretKey.generate(Algorithm.NOSTR);
    byte[] container =
        Bech32.decode(EncryptedSecret.encrypt(key, "pw".toCharArray(), FAST), "ncryptsec");
    byte[] badVersion = container.clone();
    badVersion[0] = 1;
    assertThrows(
        MalformedException.class,
        () ->
            EncryptedSecret.decrypt(
                Algorithm.NOSTR, Bech32.encode("ncryptsec", badVersion), "pw".toCharArray()));
    byte[] hugeN = container.clone();
    hugeN[1] = 40;
    assertThrows(
        MalformedException.class,
        () ->
            EncryptedSecret.decrypt(
                Algorithm.NOSTR, Bech32.encode("ncryptsec", hugeN), "pw".toCharArray()));
    byte[] short_ = java.util.Arrays.copyOf(container, 90);
    assertThrows(
        MalformedException.class,
        () ->
            EncryptedSecret.decrypt(
                Algorithm.NOSTR, Bech32.encode("ncryptsec", short_), "pw".toCharArray()));
    assertThrows(KeyStoreException.class, () -> EncryptedSecret.encrypt(key, new char[0], FAST));
  }
}
