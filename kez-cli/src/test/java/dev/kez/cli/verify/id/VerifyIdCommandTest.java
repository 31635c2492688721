package dev.kez.cli.verify.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.kez.cli.Cli;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainVerifier;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.Links;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two commands end to end, against a GitHub double on loopback. */
class VerifyIdCommandTest {
  static final long T0 = 1764150000;
  @TempDir Path home;
  private HttpServer gh;
  private String base;
  private final Map<String, String> env = new HashMap<>();
  private final SecretKey key = SecretKey.generate(Algorithm.ED25519);
  private Path chain;

  @BeforeEach
  void start() throws Exception {
    gh = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    gh.start();
    base = "http://127.0.0.1:" + gh.getAddress().getPort();
    env.put("KEZ_HOME", home.toString());
    Account alice = Account.parse("github:alice");
    Claim claim = Claim.builder(alice).createdAt(T0).sign(key);
    String gists =
        "[{\"id\":\"1\",\"html_url\":\"https://gist.github.com/1\",\"public\":true,\"owner\":{\"login\":\"alice\"},"
            + "\"files\":{\"kez.md\":{\"filename\":\"kez.md\",\"raw_url\":\""
            + base
            + "/raw/kez.md\"}}}]";
    serve("/users/alice/gists", "application/json; charset=utf-8", gists);
    serve(
        "/raw/kez.md", "text/plain", "I am alice.\n\n```kez\n" + claim.canonicalJson() + "\n```\n");
    var v = ChainVerifier.start(Clock.fixed(Instant.ofEpochSecond(T0 + 100), ZoneOffset.UTC));
    Link add = Links.add(v.state(), claim, key, T0 + 10);
    v.append(add);
    Claim other = Claim.builder(Account.parse("github:alice-alt")).createdAt(T0).sign(key);
    Link add2 = Links.add(v.state(), other, key, T0 + 20);
    v.append(add2);
    Link revoke = Links.revoke(v.state(), Account.parse("github:alice-alt"), key, T0 + 30);
    chain = home.resolve("chain.jsonl");
    Files.writeString(chain, Bundle.toString(List.of(add, add2, revoke)));
  }

  /** The Authorization header of every request the GitHub double saw ("" when none). */
  private final List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();

  private void serve(String path, String type, String body) {
    gh.createContext(
        path,
        ex -> {
          authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", type);
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
  }

  @AfterEach
  void stop() {
    gh.stop(0);
  }

  private Cli.Result kez(String... args) {
    Cli cli = new Cli(home).at(T0 + 100);
    cli.env.putAll(env);
    return cli.run(args);
  }

  @Test
  void validIdentityAsJson() {
    Cli.Result r =
        kez(
            "verify",
            "id",
            "github:Alice",
            "--endpoint",
            "GITHUB_API=" + base,
            "--allow-private",
            "--chain",
            chain.toString(),
            "--json");
    assertEquals(0, r.code(), r.toString());
    JsonNode j = r.json();
    assertEquals("valid", j.get("status").asText());
    assertEquals("github:alice", j.get("account").asText());
    assertEquals(T0 + 100, j.get("checked_at").asLong());
    assertEquals(key.publicKey().encoded(), j.get("chain").get("id").asText());
    assertEquals(3, j.get("chain").get("length").asInt());
    assertEquals("revoked", j.get("accounts").get(1).get("status").asText());
    assertEquals("github:alice-alt", j.get("accounts").get(1).get("account").asText());
    assertTrue(j.get("accounts").get(0).get("asked").asBoolean());
  }

  @Test
  void endpointFromEnvironmentAndTable() {
    env.put("KEZ_GITHUB_API", base);
    Cli.Result r = kez("verify", "id", "github:alice", "--allow-private");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("github:alice: valid"), r.out());
    assertTrue(!r.out().contains("\u001b["), "no colour when not on a terminal");
  }

  /**
   * Issue 11 §2: a loopback address without --allow-private is one status on every channel, named
   * as local policy.
   */
  @Test
  void privateAddressRefusedWithoutAllowPrivateIsOneStatusOnEveryChannel() {
    String npub = SecretKey.generate(Algorithm.NOSTR).publicKey().encoded();
    List<Cli.Result> runs =
        List.of(
            kez("verify", "id", "github:alice", "--endpoint", "GITHUB_API=" + base, "--json"),
            kez("verify", "id", "nostr:" + npub, "--relay", "ws://127.0.0.1:1", "--json"),
            kez(
                "verify",
                "id",
                "ap:alice@social.example",
                "--endpoint",
                "AP_WEB=" + base,
                "--json"));
    for (Cli.Result r :
        runs) { // invalid as SPEC.md §13.1 says, in words that say it is not the proof's fault
      assertEquals(1, r.code(), r.toString());
      assertEquals("invalid", r.json().get("status").asText(), r.toString());
      assertTrue(
          r.json()
              .get("reason")
              .asText()
              .contains("refused by local policy; --allow-private permits it"),
          r.toString());
    }
    Cli.Result human = kez("verify", "id", "github:alice", "--endpoint", "GITHUB_API=" + base);
    assertTrue(
        human.out().contains("refused by local policy; --allow-private permits it"),
        human.toString());
  }

  @Test
  void unreachableExitsThree() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Cli.Result r =
        kez(
            "verify",
            "id",
            "github:alice",
            "--endpoint",
            "GITHUB_API=http://127.0.0.1:" + port,
            "--allow-private",
            "--json",
            "--timeout",
            "2s");
    assertEquals(3, r.code(), r.toString());
    assertEquals(true, r.json().get("accounts").get(0).get("retryable").asBoolean());
  }

  /**
   * Issue 9 §5: GITHUB_TOKEN comes from the run's environment (the harness's), not the process's.
   */
  @Test
  void theGitHubTokenComesFromTheRunsEnvironment() {
    assertEquals(
        0,
        kez("verify", "id", "github:alice", "--endpoint", "GITHUB_API=" + base, "--allow-private")
            .code());
    assertTrue(authorizations.stream().allMatch("null"::equals), authorizations.toString());
    authorizations.clear();
    env.put("GITHUB_TOKEN", "t0ken");
    assertEquals(
        0,
        kez("verify", "id", "github:alice", "--endpoint", "GITHUB_API=" + base, "--allow-private")
            .code());
    assertTrue(authorizations.contains("Bearer t0ken"), authorizations.toString());
  }

  @Test
  void badInputExitsTwo() {
    assertEquals(2, kez("verify", "id", "twitter:alice").code());
    assertEquals(2, kez("verify", "id", "github:alice", "--timeout", "soon").code());
    assertEquals(2, kez("verify", "id", "github:alice", "--json", "--dot").code());
    Cli.Result r =
        kez("verify", "id", "github:alice", "--chain", home.resolve("nope.jsonl").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("kez: "), r.err());
  }

  @Test
  void helpListsEveryChannelsEndpoints() {
    Cli.Result r = kez("verify", "id", "--help");
    assertEquals(0, r.code(), r.toString());
    for (String key :
        List.of(
            "GITHUB_API",
            "BLUESKY_APPVIEW",
            "BLUESKY_PLC",
            "BLUESKY_WEB",
            "AP_WEB",
            "DNS_SERVER",
            "NOSTR_RELAYS")) {
      assertTrue(r.out().contains(key), key + "\n" + r.out());
    }
  }

  @Test
  void drawings() throws Exception {
    Path svg = home.resolve("alice.svg");
    String[] common = {
      "--endpoint", "GITHUB_API=" + base, "--allow-private", "--chain", chain.toString()
    };
    Cli.Result r =
        kez(concat(new String[] {"verify", "id", "github:alice", "--svg", svg.toString()}, common));
    assertEquals(0, r.code(), r.toString());
    assertTrue(Files.readString(svg).startsWith("<svg"));
    // a picture to share, not a secret (issue 11 §10)
    assertEquals(
        "rw-r--r--",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(svg)));
    assertTrue(
        kez(concat(new String[] {"verify", "id", "github:alice", "--dot"}, common))
            .out()
            .startsWith("digraph kez {"));
    assertTrue(
        kez(concat(new String[] {"verify", "id", "github:alice", "--mermaid"}, common))
            .out()
            .startsWith("graph LR"));
  }

  @Test
  void evidenceSavedAndReCheckedOffline() throws Exception {
    Path dir = home.resolve("audit");
    Cli.Result r =
        kez(
            "verify",
            "id",
            "github:alice",
            "--endpoint",
            "GITHUB_API=" + base,
            "--allow-private",
            "--chain",
            chain.toString(),
            "--save-evidence",
            dir.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(
        Files.exists(dir.resolve("result.json")) && Files.exists(dir.resolve("evidence.json")));
    gh.stop(0); // the platform is gone: the evidence must stand alone
    Cli.Result check = kez("verify", "evidence", dir.toString(), "--json");
    assertEquals(0, check.code(), check.toString());
    assertTrue(check.json().get("intact").asBoolean());
    assertEquals(
        "revoked", check.json().get("result").get("accounts").get(1).get("status").asText());
    // the chain source is named as it was fetched, not by its copy in the evidence folder (issue 11
    // §10)
    Cli.Result human = kez("verify", "evidence", dir.toString());
    assertTrue(
        human.out().contains("source file:" + chain + " (saved as chain/00.jsonl)"), human.out());
    Files.writeString(dir.resolve("responses/0002.body"), "tampered");
    Cli.Result bad = kez("verify", "evidence", dir.toString());
    assertEquals(1, bad.code(), bad.toString());
    assertTrue(bad.out().contains("PROBLEM: responses/0002.body"), bad.out());
  }

  @Test
  void evidenceReCheckCatchesATamperedClaim() throws Exception {
    Path dir = home.resolve("audit2");
    assertEquals(
        0,
        kez(
                "verify",
                "id",
                "github:alice",
                "--endpoint",
                "GITHUB_API=" + base,
                "--allow-private",
                "--save-evidence",
                dir.toString())
            .code());
    Path index = dir.resolve("evidence.json");
    Files.writeString(
        index,
        Files.readString(index).replace("\"created_at\": " + T0, "\"created_at\": " + (T0 + 1)));
    Cli.Result r = kez("verify", "evidence", dir.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("re-checked invalid"), r.out());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
