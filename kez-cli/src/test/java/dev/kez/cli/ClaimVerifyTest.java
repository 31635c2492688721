package dev.kez.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kez claim → kez verify claim / kez decode, in every format, for both suites. */
class ClaimVerifyTest {
  @TempDir Path tmp;

  private Cli withIdentity(String alg) {
    Cli cli = new Cli(tmp.resolve("home-" + alg));
    Cli.Result r = cli.run("identity", "new", "--alg", alg);
    assertEquals(0, r.code(), r.toString());
    return cli;
  }

  private Path save(String name, String content) throws IOException {
    return Files.writeString(tmp.resolve(name), content);
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "nostr, github:Alice, json",
    "nostr, github:alice, compact",
    "nostr, github:alice, md",
    "nostr, dns:Example.com, dns",
    "ed25519, bluesky:alice.bsky.social, json",
    "ed25519, mastodon:alice@mastodon.social, compact",
    "ed25519, github:alice, md",
    "ed25519, dns:example.com, dns"
  })
  void roundTripsEveryFormat(String alg, String account, String format) throws IOException {
    Cli cli = withIdentity(alg);
    String key = cli.run("identity", "show", "--json").json().get("public").textValue();
    Cli.Result made = cli.run("claim", account, "--format", format, "--note", "hi");
    assertEquals(0, made.code(), made.toString());
    assertFalse(made.err().isBlank(), "publishing instructions on stderr");
    Path proof = save("proof." + format, made.out());

    String normalized = dev.kez.core.claim.Account.parse(account).toString();
    Cli.Result verified =
        cli.run("verify", "claim", proof.toString(), "--account", account, "--json");
    assertEquals(0, verified.code(), verified.toString());
    ObjectNode v = verified.json();
    assertEquals("valid", v.get("status").textValue());
    assertEquals(normalized, v.get("account").textValue());
    assertEquals(key, v.get("key").textValue());
    assertEquals(format, v.get("encoding").textValue());

    Cli.Result human = cli.runWithInput(made.out(), "verify", "claim", "-");
    assertEquals(0, human.code(), human.toString());
    assertTrue(human.out().startsWith("valid: "), human.toString());

    Cli.Result decoded = cli.run("decode", proof.toString(), "--json");
    assertEquals(0, decoded.code(), decoded.toString());
    assertEquals(format, decoded.json().get("encoding").textValue());
    Claim claim = Claim.parse(decoded.json().get("claim"));
    assertEquals(normalized, claim.account().toString());
    assertEquals("hi", claim.note().orElseThrow());
    assertEquals(1764150000, claim.createdAt()); // the injected clock
    assertTrue(cli.run("decode", proof.toString()).out().startsWith("encoding: " + format + "\n"));
  }

  @Test
  void picksTheChannelsFormatByDefault() {
    Cli cli = withIdentity("nostr");
    Cli.Result dns = cli.run("claim", "dns:example.com");
    assertTrue(dns.out().startsWith("_kez.example.com."), dns.toString());
    assertTrue(
        dns.err().contains("Add the TXT record line above to the zone of example.com"),
        dns.toString());
    Cli.Result gh = cli.run("claim", "github:alice", "--json");
    assertEquals("md", gh.json().get("encoding").textValue());
    assertTrue(gh.json().get("proof").textValue().contains("```kez"));
    assertTrue(gh.json().get("publish").textValue().contains("kez"));
    Cli.Result bsky = cli.run("claim", "bluesky:alice.bsky.social", "--json");
    assertTrue(Claim.parse(bsky.json().get("claim")).signatureValid());
  }

  @Test
  void aTamperedClaimFails() throws IOException {
    Cli cli = withIdentity("ed25519");
    ObjectNode o = Json.parseObject(cli.run("claim", "github:alice", "--format", "json").out());
    o.put("account", "github:mallory");
    Cli.Result r = cli.run("verify", "claim", save("t.json", Json.write(o)).toString(), "--json");
    assertEquals(ExitCode.FAILED, r.code(), r.toString());
    assertEquals("invalid", r.json().get("status").textValue());

    ObjectNode s = Json.parseObject(cli.run("claim", "github:alice", "--format", "json").out());
    byte[] sig = Base64Url.decode(s.get("sig").textValue());
    sig[10] ^= 1;
    s.put("sig", Base64Url.encode(sig));
    Cli.Result flipped = cli.run("verify", "claim", save("f.json", Json.write(s)).toString());
    assertEquals(ExitCode.FAILED, flipped.code(), flipped.toString());
    assertTrue(flipped.out().startsWith("invalid: "), flipped.toString());
  }

  @Test
  void theWrongAccountFails() throws IOException {
    Cli cli = withIdentity("nostr");
    Path p = save("c", cli.run("claim", "github:alice").out());
    Cli.Result r = cli.run("verify", "claim", p.toString(), "--account", "github:bob", "--json");
    assertEquals(ExitCode.FAILED, r.code(), r.toString());
    assertEquals("invalid", r.json().get("status").textValue());
    assertTrue(r.json().get("reason").textValue().contains("github:bob"));
  }

  @Test
  void expiryIsCheckedAtNow() throws IOException {
    Cli cli = withIdentity("nostr");
    Cli.Result made =
        cli.run(
            "claim",
            "github:alice",
            "--created-at",
            "1800000000",
            "--expires-in",
            "1d",
            "--format",
            "compact");
    assertEquals(0, made.code(), made.toString());
    Path p = save("c", made.out());
    Cli.Result before = cli.run("verify", "claim", p.toString(), "--now", "1800003600", "--json");
    assertEquals(0, before.code(), before.toString());
    assertEquals(1800086400L, before.json().get("expires_at").longValue());
    Cli.Result after = cli.run("verify", "claim", p.toString(), "--now", "1800086400", "--json");
    assertEquals(ExitCode.FAILED, after.code(), after.toString());
    assertEquals("expired", after.json().get("status").textValue());
    Cli.Result human = cli.run("verify", "claim", p.toString(), "--now", "1900000000");
    assertEquals(ExitCode.FAILED, human.code());
    assertTrue(human.out().startsWith("expired: "), human.toString());

    Cli.Result at =
        cli.run(
            "claim",
            "github:alice",
            "--created-at",
            "1800000000",
            "--expires-at",
            "1800000100",
            "--json");
    assertEquals(1800000100L, Claim.parse(at.json().get("claim")).expiresAt().orElseThrow());
  }

  @Test
  void durations() {
    assertEquals(90L * 86400, new Converters.Expiry().convert("90d").toSeconds());
    assertEquals(365L * 86400 + 2 * 3600, new Converters.Expiry().convert("1y2h").toSeconds());
    assertEquals(30, new Converters.Expiry().convert("30s").toSeconds());
    for (String bad : new String[] {"", "d", "90", "9x", "1d 2h", "-1d", "0d"}) {
      Cli.Result r = withIdentityOnce().run("claim", "github:alice", "--expires-in", bad);
      assertEquals(ExitCode.USAGE, r.code(), bad + ": " + r);
    }
  }

  private Cli shared;

  private Cli withIdentityOnce() {
    if (shared == null) shared = withIdentity("ed25519");
    return shared;
  }

  @Test
  void badInputIsExitTwoWithOneLine() throws IOException {
    Cli cli = withIdentity("nostr");
    String[][] cases = {
      {"claim", "myspace:alice"},
      {"claim", "github:alice", "--format", "xml"},
      {"claim", "github:alice", "--expires-in", "1d", "--expires-at", "1900000000"},
      {"claim", "github:alice", "--expires-at", "1000"},
      {"claim", "github:alice", "--note", "x".repeat(281)},
      {"claim", "github:alice", "--frobnicate"},
      {"claim"},
      {"verify", "claim", save("garbage", "hello world").toString()},
      {"verify", "claim", tmp.resolve("missing").toString()},
      {"verify", "claim", "-", "--now", "soon"},
      {
        "verify",
        "claim",
        save("ok", cli.run("claim", "github:alice").out()).toString(),
        "--account",
        "github:-bad-"
      },
      {"decode", save("garbage2", "kez:z1:KLUv_QECAwQF").toString()},
      {"identity", "new", "--alg", "rsa"},
      {"identity"},
      {"nonsense"},
    };
    for (String[] args : cases) {
      Cli.Result r = cli.run(args);
      assertEquals(ExitCode.USAGE, r.code(), String.join(" ", args) + "\n" + r);
      assertEquals(1, r.err().lines().count(), String.join(" ", args) + "\n" + r);
      assertTrue(r.err().startsWith("kez: "), r.toString());
      assertFalse(r.err().contains("\tat "), r.toString());
    }
    Cli.Result json = cli.runWithInput("not a claim", "verify", "claim", "-", "--json");
    assertEquals(ExitCode.USAGE, json.code());
    assertEquals("invalid", json.json().get("status").textValue());
  }

  @Test
  void helpAndVersion() {
    Cli cli = new Cli(tmp.resolve("h"));
    Cli.Result version = cli.run("--version");
    assertEquals(0, version.code());
    assertTrue(version.out().startsWith("kez "), version.toString());
    assertFalse(version.out().contains("Ed25519"), version.toString());
    Cli.Result verbose = cli.run("--version", "--verbose");
    assertEquals(0, verbose.code());
    assertTrue(verbose.out().startsWith(version.out().strip()), verbose.toString());
    assertTrue(
        verbose.out().matches("(?s).*\\nEd25519: (libsodium|BouncyCastle).*"), verbose.toString());
    for (String[] args :
        new String[][] {
          {"--help"},
          {"identity", "--help"},
          {"identity", "new", "--help"},
          {"identity", "show", "--help"},
          {"identity", "import", "--help"},
          {"identity", "export", "--help"},
          {"claim", "--help"},
          {"verify", "--help"},
          {"verify", "claim", "--help"},
          {"decode", "--help"},
          {"help", "claim"}
        }) {
      Cli.Result r = cli.run(args);
      assertEquals(0, r.code(), String.join(" ", args));
      assertTrue(
          r.out().contains("Exit codes:") && r.out().contains("unreachable"),
          String.join(" ", args) + "\n" + r);
    }
    assertTrue(cli.run("claim", "--help").out().contains("Examples:"));
    Cli.Result bare = cli.run();
    assertEquals(ExitCode.USAGE, bare.code());
    assertTrue(bare.err().contains("Usage: kez"), bare.toString());
  }
}
