package dev.kez.core.keystore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyStoreTest {
  @TempDir Path tmp;

  private KeyStore store() {
    return KeyStore.open(tmp.resolve("home")).withScryptLogN(8);
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void savesAndLoadsAPlainKey(Algorithm alg) throws IOException {
    KeyStore ks = store();
    assertTrue(ks.primaryPublic().isEmpty());
    SecretKey key = SecretKey.generate(alg);
    ks.savePrimary(key, Optional.empty());

    assertEquals("rw-------", mode(ks.primaryFile()));
    assertEquals("rwx------", mode(ks.home()));
    ObjectNode file = Json.parseObject(Files.readString(ks.primaryFile()));
    assertEquals(alg.wireName(), file.get("alg").textValue());
    assertEquals(key.publicKey().encoded(), file.get("public").textValue());
    String expectedSecret =
        alg == Algorithm.NOSTR ? key.toNsec() : HexFormat.of().formatHex(key.exportSecret());
    assertEquals(expectedSecret, file.get("secret").textValue());
    assertEquals(3, file.size());

    StoredKey info = ks.primaryInfo().orElseThrow();
    assertEquals(new StoredKey(alg, key.publicKey(), false, ks.primaryFile()), info);
    assertArrayEquals(key.exportSecret(), ks.primary(PassphraseSource.none()).exportSecret());
    assertNoTempFiles(ks.home());
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void savesAndLoadsAnEncryptedKey(Algorithm alg) throws IOException {
    KeyStore ks = store();
    SecretKey key = SecretKey.generate(alg);
    ks.savePrimary(key, Optional.of("s3cret pass".toCharArray()));
    String text = Files.readString(ks.primaryFile());
    assertFalse(text.contains("\"secret\""), text);
    assertFalse(text.contains(HexFormat.of().formatHex(key.exportSecret())));
    ObjectNode file = Json.parseObject(text);
    String member = alg == Algorithm.NOSTR ? "ncryptsec" : "encrypted";
    assertTrue(file.get(member).textValue().startsWith(EncryptedSecret.prefix(alg) + "1"));
    assertTrue(ks.primaryInfo().orElseThrow().encrypted());
    assertEquals("rw-------", mode(ks.primaryFile()));

    assertEquals(
        key.publicKey(), ks.primary(PassphraseSource.of("s3cret pass".toCharArray())).publicKey());
    KeyStoreException wrong =
        assertThrows(
            KeyStoreException.class, () -> ks.primary(PassphraseSource.of("nope".toCharArray())));
    assertTrue(wrong.getMessage().contains("wrong passphrase"));
    KeyStoreException none =
        assertThrows(KeyStoreException.class, () -> ks.primary(PassphraseSource.none()));
    assertTrue(none.getMessage().contains("KEZ_PASSPHRASE"));
  }

  @Test
  void passphraseComesFromTheEnvironmentWithoutAConsole() {
    assertEquals(
        "from env",
        new String(
            PassphraseSource.fromEnvOrConsole(Map.of("KEZ_PASSPHRASE", "from env"), null)
                .passphrase("p", true)));
    assertThrows(
        KeyStoreException.class,
        () -> PassphraseSource.fromEnvOrConsole(Map.of(), null).passphrase("p", false));
  }

  @Test
  void refusesToOverwriteAnIdentity() throws IOException {
    KeyStore ks = store();
    SecretKey first = SecretKey.generate(Algorithm.NOSTR);
    ks.savePrimary(first, Optional.empty());
    byte[] before = Files.readAllBytes(ks.primaryFile());
    KeyStoreException e =
        assertThrows(
            KeyStoreException.class,
            () -> ks.savePrimary(SecretKey.generate(Algorithm.NOSTR), Optional.empty()));
    assertTrue(e.getMessage().contains("already exists"));
    assertArrayEquals(before, Files.readAllBytes(ks.primaryFile()));
    assertNoTempFiles(ks.home());
  }

  @Test
  void replacingArchivesTheOldFileUnchanged() throws IOException {
    KeyStore ks = store();
    SecretKey first = SecretKey.generate(Algorithm.NOSTR);
    ks.savePrimary(first, Optional.of("pw".toCharArray()));
    byte[] firstFile = Files.readAllBytes(ks.primaryFile());
    SecretKey second = SecretKey.generate(Algorithm.ED25519);
    Path archived = ks.replacePrimary(second, Optional.empty()).orElseThrow();
    assertEquals(ks.archiveDir().resolve("1.json"), archived);
    assertArrayEquals(firstFile, Files.readAllBytes(archived)); // still encrypted
    assertEquals("rw-------", mode(archived));
    assertEquals("rwx------", mode(ks.archiveDir()));
    assertEquals(second.publicKey(), ks.primaryPublic().orElseThrow());

    SecretKey third = SecretKey.generate(Algorithm.NOSTR);
    assertEquals(
        ks.archiveDir().resolve("2.json"),
        ks.replacePrimary(third, Optional.empty()).orElseThrow());
    assertEquals(
        List.of(first.publicKey(), second.publicKey()),
        ks.archived().stream().map(StoredKey::publicKey).toList());
    assertEquals(
        first.publicKey(),
        ks.archived(first.publicKey(), PassphraseSource.of("pw".toCharArray()))
            .orElseThrow()
            .publicKey());
    // re-saving the same key (say, to add a passphrase) archives nothing
    assertTrue(ks.replacePrimary(third, Optional.of("pw".toCharArray())).isEmpty());
    assertEquals(2, ks.archived().size());
  }

  @Test
  void aDamagedIdentityCanBeReplacedAndIsKept() throws IOException {
    KeyStore ks = store();
    ks.savePrimary(SecretKey.generate(Algorithm.NOSTR), Optional.empty());
    Files.writeString(ks.primaryFile(), "{\"alg\":\"nostr\",\"public\":");
    assertThrows(KeyStoreException.class, ks::primaryPublic);
    SecretKey fresh = SecretKey.generate(Algorithm.NOSTR);
    Path archived = ks.replacePrimary(fresh, Optional.empty()).orElseThrow();
    assertEquals("{\"alg\":\"nostr\",\"public\":", Files.readString(archived));
    assertEquals(fresh.publicKey(), ks.primaryPublic().orElseThrow());
  }

  @Test
  void archiveTakesTheNextNumber() {
    KeyStore ks = store();
    assertEquals(
        ks.archiveDir().resolve("1.json"),
        ks.archive(SecretKey.generate(Algorithm.NOSTR), Optional.empty()));
    assertEquals(
        ks.archiveDir().resolve("2.json"),
        ks.archive(SecretKey.generate(Algorithm.ED25519), Optional.empty()));
  }

  @Test
  void deviceKeyLivesBesideTheIdentity() throws IOException {
    KeyStore ks = store();
    assertTrue(ks.device(PassphraseSource.none()).isEmpty());
    SecretKey device = SecretKey.generate(Algorithm.ED25519);
    ks.saveDevice(device, Optional.empty());
    assertEquals("rw-------", mode(ks.deviceFile()));
    assertEquals(device.publicKey(), ks.device(PassphraseSource.none()).orElseThrow().publicKey());
    assertEquals(device.publicKey(), ks.deviceInfo().orElseThrow().publicKey());
    assertThrows(
        KeyStoreException.class,
        () -> ks.saveDevice(SecretKey.generate(Algorithm.ED25519), Optional.empty()));
    assertTrue(ks.primaryPublic().isEmpty());
  }

  @Test
  void damagedFilesAreAClearError() throws IOException {
    KeyStore ks = store();
    SecretKey key = SecretKey.generate(Algorithm.NOSTR);
    ks.savePrimary(key, Optional.empty());
    ObjectNode o = Json.parseObject(Files.readString(ks.primaryFile()));
    o.put("public", SecretKey.generate(Algorithm.NOSTR).publicKey().encoded());
    Files.writeString(ks.primaryFile(), Json.write(o));
    KeyStoreException e =
        assertThrows(KeyStoreException.class, () -> ks.primary(PassphraseSource.none()));
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    assertFalse(e.getMessage().contains(key.toNsec()));

    Files.writeString(ks.primaryFile(), "{\"alg\":\"nostr\",");
    assertTrue(
        assertThrows(KeyStoreException.class, ks::primaryPublic)
            .getMessage()
            .contains("is damaged"));
    Files.writeString(
        ks.primaryFile(),
        "{\"alg\":\"ed25519\",\"public\":\"" + key.publicKey().encoded() + "\",\"secret\":\"00\"}");
    assertThrows(KeyStoreException.class, ks::primaryPublic);
  }

  @Test
  void missingIdentityIsAClearError() {
    KeyStoreException e =
        assertThrows(KeyStoreException.class, () -> store().primary(PassphraseSource.none()));
    assertTrue(e.getMessage().contains("no identity"), e.getMessage());
  }

  @Test
  void homeComesFromTheEnvironment() {
    assertEquals(Path.of("/x/y"), KeyStore.defaultHome(Map.of("KEZ_HOME", "/x/y")));
    assertEquals(Path.of(System.getProperty("user.home"), ".kez"), KeyStore.defaultHome(Map.of()));
  }

  private static void assertNoTempFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      assertEquals(
          List.of(), s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList());
    }
  }
}
