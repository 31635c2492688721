package dev.kez.chat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.keystore.KeyStore;
import dev.kez.core.keystore.KeyStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's X25519 key in KEZ_HOME: 0600, reloads to the same key, never overwritten, damage
 * reported.
 */
class DeviceKeyStoreTest {
  @TempDir Path home;

  @Test
  void savesMode0600AndReloadsTheSameKey() throws Exception {
    KeyStore store = KeyStore.open(home);
    assertEquals(Optional.empty(), DeviceKey.load(store));
    DeviceKey key = DeviceKey.generate();
    key.save(store);
    Path file = home.resolve(DeviceKey.FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    DeviceKey loaded = DeviceKey.load(store).orElseThrow();
    assertEquals(key.encKey(), loaded.encKey());
    // the reloaded key opens what was sealed to the original
    ChatMessage msg =
        ChatMessage.text(
            Handle.parse("alice"),
            Handle.parse("bob"),
            "x",
            1,
            SecretKey.generate(Algorithm.ED25519));
    Envelope env = Envelope.seal(msg, List.of(key.encKey()));
    assertTrue(loaded.open(env.sealed().get(0), env.id()).isPresent());
    assertThrows(
        KeyStoreException.class,
        () -> DeviceKey.generate().save(store),
        "an existing device key is never overwritten");
    assertEquals(key.encKey(), DeviceKey.load(store).orElseThrow().encKey());
  }

  @Test
  void aDamagedFileIsReportedWithoutItsSecret() throws Exception {
    KeyStore store = KeyStore.open(home);
    DeviceKey key = DeviceKey.generate();
    key.save(store);
    Path file = home.resolve(DeviceKey.FILE);
    String text = Files.readString(file);
    String other = DeviceKey.generate().encKey().encoded();
    Files.writeString(file, text.replace(key.encKey().encoded(), other));
    KeyStoreException e = assertThrows(KeyStoreException.class, () -> DeviceKey.load(store));
    assertTrue(e.getMessage().contains("does not match its public key"), e.getMessage());
    String secret = text.replaceAll("(?s).*\"secret\" : \"([^\"]+)\".*", "$1");
    assertFalse(e.getMessage().contains(secret));
    Files.writeString(file, "{\"alg\":\"x25519\"}");
    assertTrue(
        assertThrows(KeyStoreException.class, () -> DeviceKey.load(store))
            .getMessage()
            .contains("is damaged"));
  }

  @Test
  void secretFilesStayBelowTheHome() {
    KeyStore store = KeyStore.open(home);
    assertThrows(
        IllegalArgumentException.class, () -> store.saveSecretFile("../outside.json", new byte[1]));
    assertFalse(Files.exists(home.resolveSibling("outside.json")));
  }
}
