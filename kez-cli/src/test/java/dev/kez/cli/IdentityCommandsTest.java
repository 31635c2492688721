package dev.kez.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import dev.kez.core.testing.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityCommandsTest {
  private static final JsonNode KEYS = Vectors.json("claims.json").get("keys");
  private static final JsonNode NOSTR_KEY = KEYS.get(0);
  private static final JsonNode ED25519_KEY = KEYS.get(1);

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void setUp() {
    cli = new Cli(tmp.resolve("kez-home"));
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** The secret of the stored identity, read from the key file (test-side only). */
  private String storedSecret() throws IOException {
    return Json.parseObject(Files.readString(cli.home.resolve("identity.json")))
        .get("secret")
        .textValue();
  }

  private static void assertNoSecret(Cli.Result r, String secret) {
    assertFalse(r.out().contains(secret), "secret on stdout:\n" + r);
    assertFalse(r.err().contains(secret), "secret on stderr:\n" + r);
  }

  @Test
  void newMakesANostrKeyByDefault() throws IOException {
    Cli.Result made = cli.run("identity", "new");
    assertEquals(0, made.code(), made.toString());
    String npub = made.out().strip();
    assertTrue(npub.startsWith("npub1"), made.toString());
    Path file = cli.home.resolve("identity.json");
    assertEquals("rw-------", mode(file));
    assertEquals("rwx------", mode(cli.home));
    String nsec = storedSecret();
    assertTrue(nsec.startsWith("nsec1"));
    assertEquals(npub, SecretKey.fromNsec(nsec).publicKey().encoded());
    assertNoSecret(made, nsec);

    Cli.Result shown = cli.run("identity", "show");
    assertEquals(0, shown.code());
    assertTrue(shown.out().startsWith(npub + "\n"), shown.toString());
    assertNoSecret(shown, nsec);

    Cli.Result json = cli.run("identity", "show", "--json");
    assertEquals(0, json.code());
    ObjectNode o = json.json();
    assertEquals(npub, o.get("public").textValue());
    assertEquals("nostr", o.get("alg").textValue());
    assertFalse(o.get("encrypted").booleanValue());
    assertNoSecret(json, nsec);
    assertNoSecret(json, HexFormat.of().formatHex(SecretKey.fromNsec(nsec).exportSecret()));

    Cli.Result exported = cli.run("identity", "export", "--secret");
    assertEquals(0, exported.code());
    assertEquals(nsec, exported.out().strip());
  }

  @Test
  void newEd25519() throws IOException {
    Cli.Result made = cli.run("identity", "new", "--alg", "ed25519", "--json");
    assertEquals(0, made.code(), made.toString());
    ObjectNode o = made.json();
    assertEquals("ed25519", o.get("alg").textValue());
    assertTrue(o.get("public").textValue().startsWith("ed25519:"));
    String seed = storedSecret();
    assertTrue(seed.matches("[0-9a-f]{64}"), seed);
    assertNoSecret(made, seed);
    assertEquals(
        o.get("public").textValue(),
        cli.run("identity", "show", "--json").json().get("public").textValue());
    assertEquals(seed, cli.run("identity", "export", "--secret").out().strip());
    assertEquals("rw-------", mode(cli.home.resolve("identity.json")));
  }

  @Test
  void refusesToReplaceAnIdentityWithoutForce() throws IOException {
    String first = cli.run("identity", "new").out().strip();
    Cli.Result again = cli.run("identity", "new");
    assertEquals(ExitCode.LOCAL, again.code());
    assertEquals("", again.out());
    assertTrue(again.err().startsWith("kez: an identity already exists"), again.toString());
    assertEquals(1, again.err().lines().count());
    assertEquals(first, cli.run("identity", "show", "--json").json().get("public").textValue());

    Cli.Result forced = cli.run("identity", "new", "--force", "--alg", "ed25519");
    assertEquals(0, forced.code(), forced.toString());
    Path archived = cli.home.resolve("keys/archive/1.json");
    assertEquals(first, Json.parseObject(Files.readString(archived)).get("public").textValue());
    assertEquals("rw-------", mode(archived));
  }

  @Test
  void importsTheVectorKeys() {
    Cli.Result nsec = cli.run("identity", "import", NOSTR_KEY.get("nsec").textValue());
    assertEquals(0, nsec.code(), nsec.toString());
    assertEquals(NOSTR_KEY.get("public").textValue(), nsec.out().strip());
    assertNoSecret(nsec, NOSTR_KEY.get("nsec").textValue());

    Cli.Result hex =
        cli.run("identity", "import", "--force", KEYS.get(2).get("secret_hex").textValue());
    assertEquals(0, hex.code(), hex.toString());
    assertEquals(KEYS.get(2).get("public").textValue(), hex.out().strip());

    Cli.Result ed =
        cli.run(
            "identity",
            "import",
            "--force",
            "--alg",
            "ed25519",
            ED25519_KEY.get("secret_hex").textValue());
    assertEquals(0, ed.code(), ed.toString());
    assertEquals(ED25519_KEY.get("public").textValue(), ed.out().strip());
    assertEquals(
        ED25519_KEY.get("secret_hex").textValue(),
        cli.run("identity", "export", "--secret").out().strip());
  }

  @Test
  void importsFromStandardInput() {
    Cli.Result r =
        cli.runWithInput(NOSTR_KEY.get("nsec").textValue() + "\n", "identity", "import", "-");
    assertEquals(0, r.code(), r.toString());
    assertEquals(NOSTR_KEY.get("public").textValue(), r.out().strip());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "nsec1notreallyakey",
        "00",
        "zz7a8c9c7fd9c736f2abc794c4dd8bc8e0982011326c11a053df3428fee990c8"
      })
  void refusesBadSecretsWithoutEchoingThem(String bad) {
    Cli.Result r = cli.run("identity", "import", bad);
    assertEquals(ExitCode.USAGE, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), r.toString());
    assertTrue(r.err().startsWith("kez: "));
    assertFalse(r.err().contains(bad), r.toString());
  }

  @Test
  void usageErrorsDoNotEchoSecrets() {
    String nsec = NOSTR_KEY.get("nsec").textValue(),
        hex = ED25519_KEY.get("secret_hex").textValue();
    Cli.Result r = cli.run("identity", "import", nsec, hex);
    assertEquals(ExitCode.USAGE, r.code(), r.toString());
    assertNoSecret(r, nsec);
    assertNoSecret(r, hex);
    assertTrue(r.err().contains("<64 hex>"), r.toString());
  }

  @Test
  void anNsecIsNotAnEd25519Seed() {
    Cli.Result r =
        cli.run("identity", "import", "--alg", "ed25519", NOSTR_KEY.get("nsec").textValue());
    assertEquals(ExitCode.USAGE, r.code(), r.toString());
  }

  @Test
  void exportNeedsTheSecretFlag() {
    cli.run("identity", "new");
    Cli.Result r = cli.run("identity", "export");
    assertEquals(ExitCode.USAGE, r.code());
    assertEquals("", r.out());
    assertTrue(
        r.err().startsWith("kez: refusing to print the secret key without --secret"), r.toString());
    assertEquals(1, r.err().lines().count());
  }

  @Test
  void withoutAnIdentityTheErrorIsLocalState() {
    for (String[] args :
        new String[][] {
          {"identity", "show"}, {"identity", "export", "--secret"}, {"claim", "github:alice"}
        }) {
      Cli.Result r = cli.run(args);
      assertEquals(ExitCode.LOCAL, r.code(), r.toString());
      assertTrue(r.err().startsWith("kez: no identity in "), r.toString());
      assertEquals(1, r.err().lines().count());
    }
  }

  @Test
  void encryptedIdentityNeedsItsPassphrase() throws IOException {
    cli.env.put("KEZ_PASSPHRASE", "tr0ub4dor");
    Cli.Result made = cli.run("identity", "new", "--encrypt", "--alg", "ed25519");
    assertEquals(0, made.code(), made.toString());
    ObjectNode file = Json.parseObject(Files.readString(cli.home.resolve("identity.json")));
    assertTrue(file.get("encrypted").textValue().startsWith("edcryptsec1"));
    assertFalse(file.has("secret"));
    assertEquals("rw-------", mode(cli.home.resolve("identity.json")));
    assertTrue(cli.run("identity", "show", "--json").json().get("encrypted").booleanValue());

    assertEquals(0, cli.run("claim", "github:alice").code());
    cli.env.put("KEZ_PASSPHRASE", "wrong");
    Cli.Result wrong = cli.run("claim", "github:alice");
    assertEquals(ExitCode.LOCAL, wrong.code(), wrong.toString());
    assertEquals("kez: wrong passphrase (or the encrypted key is damaged)\n", wrong.err());
    cli.env.remove("KEZ_PASSPHRASE");
    Cli.Result none = cli.run("claim", "github:alice");
    assertEquals(ExitCode.LOCAL, none.code(), none.toString());
    assertTrue(none.err().contains("KEZ_PASSPHRASE"), none.toString());
    // showing the public key never needs the passphrase
    assertEquals(0, cli.run("identity", "show").code());
  }

  @Test
  void importsAnEncryptedKeyAndKeepsItEncrypted() throws IOException {
    JsonNode nip49 = Vectors.json("third-party/nostr.json").get("nip49");
    cli.env.put("KEZ_PASSPHRASE", nip49.get("password").textValue());
    Cli.Result r = cli.run("identity", "import", nip49.get("ncryptsec").textValue());
    assertEquals(0, r.code(), r.toString());
    String expected =
        SecretKey.fromSecret(Algorithm.NOSTR, Vectors.hex(nip49.get("hex_secret").textValue()))
            .publicKey()
            .encoded();
    assertEquals(expected, r.out().strip());
    assertTrue(
        Json.parseObject(Files.readString(cli.home.resolve("identity.json"))).has("ncryptsec"));
    assertEquals(
        SecretKey.fromSecret(Algorithm.NOSTR, Vectors.hex(nip49.get("hex_secret").textValue()))
            .toNsec(),
        cli.run("identity", "export", "--secret").out().strip());
  }

  @Test
  void homeFlagOverridesTheEnvironment() {
    Path other = tmp.resolve("other");
    Cli.Result r = cli.run("identity", "new", "--home", other.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(Files.exists(other.resolve("identity.json")));
    assertFalse(Files.exists(cli.home.resolve("identity.json")));
    assertEquals(0, cli.run("--home", other.toString(), "identity", "show").code());
  }
}
