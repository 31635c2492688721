package dev.kez.channels.github;

import static dev.kez.channels.http.TestServer.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.ChannelPlugin;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.http.TestServer;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.claim.ClaimVerifier;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.io.Utf8;
import dev.kez.core.status.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitHubChannelTest {
  private final TestServer gh = TestServer.start();
  private final Account alice = Account.parse("github:Alice");
  private final Claim claim =
      Claim.builder(alice).createdAt(1764150000).sign(SecretKey.generate(Algorithm.NOSTR));
  private final ChannelContext ctx = TestServer.context(Map.of("GITHUB_API", gh.base()));

  @AfterEach
  void stop() {
    gh.close();
  }

  private void publish(String owner, String file, String proofText) {
    gh.json(
        "/users/alice/gists?per_page=100",
        fixture(
            "github/gists.json",
            Map.of("base", gh.base(), "owner", owner, "file", file, "public", "true")));
    gh.route(
        "/raw/" + owner + "/aa5a315d61ae9438b18d/raw/" + file,
        200,
        "text/plain; charset=utf-8",
        proofText);
  }

  private String proof(Claim c) {
    return fixture("github/kez.md", Map.of("login", "alice", "claim", c.canonicalJson()));
  }

  @Test
  void found() {
    publish("Alice", "kez.md", proof(claim));
    ProofLookup.Found f =
        assertInstanceOf(ProofLookup.Found.class, new GitHubChannel(null).fetch(alice, ctx));
    assertEquals(claim, f.claims().get(0));
    assertEquals("https://gist.github.com/aa5a315d61ae9438b18d#kez.md", f.location());
    assertEquals(2, f.evidence().size());
    assertTrue(ClaimVerifier.verify(f.claims().get(0), Instant.now(), alice).isValid());
    assertEquals("application/vnd.github+json", gh.requestHeaders.get(0).get("Accept").get(0));
  }

  @Test
  void followsPagination() {
    gh.route(
        "/users/alice/gists?per_page=100",
        200,
        "application/json",
        fixture("github/gists-other.json", Map.of("base", gh.base(), "owner", "alice")),
        "Link",
        "<"
            + gh.base()
            + "/users/alice/gists?per_page=100&page=2>; rel=\"next\", <"
            + gh.base()
            + "/users/alice/gists?per_page=100&page=2>; rel=\"last\"");
    gh.json(
        "/users/alice/gists?per_page=100&page=2",
        fixture(
            "github/gists.json",
            Map.of("base", gh.base(), "owner", "alice", "file", "kez-proof.md", "public", "true")));
    gh.route("/raw/alice/aa5a315d61ae9438b18d/raw/kez-proof.md", 200, "text/plain", proof(claim));
    assertEquals(
        claim,
        assertInstanceOf(ProofLookup.Found.class, new GitHubChannel(null).fetch(alice, ctx))
            .claims()
            .get(0));
  }

  @Test
  void notFoundWhenNoProofFile() {
    gh.json(
        "/users/alice/gists?per_page=100",
        fixture("github/gists-other.json", Map.of("base", gh.base(), "owner", "alice")));
    ProofLookup.Failed f =
        assertInstanceOf(ProofLookup.Failed.class, new GitHubChannel(null).fetch(alice, ctx));
    assertInstanceOf(Verdict.NotFound.class, f.verdict());
  }

  @Test
  void notFoundWhenNoSuchUser() {
    gh.route(
        "/users/alice/gists?per_page=100",
        404,
        "application/json",
        fixture("github/not-found.json", Map.of()));
    assertInstanceOf(
        Verdict.NotFound.class,
        ((ProofLookup.Failed) new GitHubChannel(null).fetch(alice, ctx)).verdict());
  }

  @Test
  void secretGistIsNotAProof() {
    gh.json(
        "/users/alice/gists?per_page=100",
        fixture(
            "github/gists.json",
            Map.of("base", gh.base(), "owner", "alice", "file", "kez.md", "public", "false")));
    assertInstanceOf(
        Verdict.NotFound.class,
        ((ProofLookup.Failed) new GitHubChannel(null).fetch(alice, ctx)).verdict());
  }

  @Test
  void wrongOwner() {
    publish("mallory", "kez.md", proof(claim));
    Verdict v = ((ProofLookup.Failed) new GitHubChannel(null).fetch(alice, ctx)).verdict();
    assertInstanceOf(Verdict.Invalid.class, v);
    assertTrue(v.reason().contains("mallory"), v.reason());
  }

  @Test
  void tamperedProofIsFoundButDoesNotVerify() {
    String tampered = claim.canonicalJson().replace("1764150000", "1764150001");
    publish(
        "alice", "kez.md", fixture("github/kez.md", Map.of("login", "alice", "claim", tampered)));
    ProofLookup.Found f =
        assertInstanceOf(ProofLookup.Found.class, new GitHubChannel(null).fetch(alice, ctx));
    assertInstanceOf(
        Verdict.Invalid.class, ClaimVerifier.verify(f.claims().get(0), Instant.now(), alice));
  }

  @Test
  void damagedProofIsInvalid() {
    publish("alice", "kez.md", "```kez\n{\"kez\":\"0.2\",\"type\":\"claim\"}\n```\n");
    assertInstanceOf(
        Verdict.Invalid.class,
        ((ProofLookup.Failed) new GitHubChannel(null).fetch(alice, ctx)).verdict());
  }

  @Test
  void rateLimitedIsUnreachableWithRetryTime() {
    gh.route(
        "/users/alice/gists?per_page=100",
        403,
        "application/json",
        fixture("github/rate-limited.json", Map.of()),
        "x-ratelimit-limit",
        "60",
        "x-ratelimit-remaining",
        "0",
        "x-ratelimit-reset",
        "1764153600");
    Verdict.Unreachable u =
        assertInstanceOf(
            Verdict.Unreachable.class,
            ((ProofLookup.Failed) new GitHubChannel(null).fetch(alice, ctx)).verdict());
    assertTrue(
        u.reason().contains("rate limited") && u.reason().contains("2025-11-26T10:40:00Z"),
        u.reason());
    assertTrue(u.retryable());
    gh.route("/users/alice/gists?per_page=100", 429, "application/json", "{}", "Retry-After", "30");
    Verdict.Unreachable u2 =
        assertInstanceOf(
            Verdict.Unreachable.class,
            ((ProofLookup.Failed) new GitHubChannel(null).fetch(alice, ctx)).verdict());
    assertTrue(u2.reason().contains("retry after 30s"), u2.reason());
  }

  @Test
  void tokenGoesToTheApiOnly() {
    publish("alice", "kez.md", proof(claim));
    new GitHubChannel("ghp_test").fetch(alice, ctx);
    assertEquals("Bearer ghp_test", gh.requestHeaders.get(0).get("Authorization").get(0));
    // the raw URL here is on the API's origin too (one double); a raw URL on another origin gets
    // none
    String elsewhere = gh.base().replace("127.0.0.1", "localhost");
    gh.json(
        "/users/alice/gists?per_page=100",
        fixture(
            "github/gists.json",
            Map.of("base", elsewhere, "owner", "alice", "file", "kez.md", "public", "true")));
    gh.requestHeaders.clear();
    assertInstanceOf(ProofLookup.Found.class, new GitHubChannel("ghp_test").fetch(alice, ctx));
    assertEquals("Bearer ghp_test", gh.requestHeaders.get(0).get("Authorization").get(0));
    assertNull(gh.requestHeaders.get(1).get("Authorization"));
  }

  @Test
  void theTokenComesFromTheEnvironmentTheCallerGives() {
    publish("alice", "kez.md", proof(claim));
    ChannelPlugin.of(Account.Channel.GITHUB, Map.of("GITHUB_TOKEN", "ghp_env")).fetch(alice, ctx);
    assertEquals("Bearer ghp_env", gh.requestHeaders.get(0).get("Authorization").get(0));
    gh.requestHeaders.clear();
    ChannelPlugin.of(Account.Channel.GITHUB, Map.of()).fetch(alice, ctx);
    assertNull(gh.requestHeaders.get(0).get("Authorization"));
  }

  /**
   * Issue 10 §6: a redirect from the API to another origin does not take the token along (SPEC
   * §13.1).
   */
  @Test
  void tokenIsDroppedOnACrossOriginRedirect() {
    String elsewhere = gh.base().replace("127.0.0.1", "localhost");
    gh.route(
        "/users/alice/gists?per_page=100",
        302,
        null,
        "",
        "Location",
        elsewhere + "/moved/alice/gists");
    gh.json(
        "/moved/alice/gists",
        fixture(
            "github/gists.json",
            Map.of("base", gh.base(), "owner", "alice", "file", "kez.md", "public", "true")));
    gh.route("/raw/alice/aa5a315d61ae9438b18d/raw/kez.md", 200, "text/plain", proof(claim));
    assertInstanceOf(ProofLookup.Found.class, new GitHubChannel("ghp_test").fetch(alice, ctx));
    assertEquals(
        List.of(
            "/users/alice/gists?per_page=100",
            "/moved/alice/gists",
            "/raw/alice/aa5a315d61ae9438b18d/raw/kez.md"),
        gh.requests);
    assertEquals("Bearer ghp_test", gh.requestHeaders.get(0).get("Authorization").get(0));
    assertNull(gh.requestHeaders.get(1).get("Authorization"), "sent to " + elsewhere);
  }

  /**
   * Issue 10 §1: the gist is read by the fence rules of `verify claim` (SPEC §5.3), not a second
   * reader.
   */
  @Test
  void gistFencesAreReadAsVerifyClaimReadsThem() {
    Claim example =
        Claim.builder(Account.parse("github:example"))
            .createdAt(1764150000)
            .sign(SecretKey.generate(Algorithm.NOSTR));
    String shown =
        "A proof looks like this:\n\n~~~markdown\n```kez\n"
            + example.canonicalJson()
            + "\n```\n~~~\n\nMine:\n\n```kez\n"
            + claim.canonicalJson()
            + "\n```\n";
    publish("alice", "kez.md", shown);
    assertEquals(
        List.of(claim),
        assertInstanceOf(ProofLookup.Found.class, new GitHubChannel(null).fetch(alice, ctx))
            .claims());
    assertEquals(claim, ClaimCodec.decode(shown).claim());
    // only the first kez block counts, "kez old" included: a damaged one is not skipped for a later
    // one
    String damagedFirst =
        "```kez old\n{\"kez\":\"0.2\"}\n```\n\n```kez\n" + claim.canonicalJson() + "\n```\n";
    publish("alice", "kez.md", damagedFirst);
    assertInstanceOf(
        Verdict.Invalid.class,
        assertInstanceOf(ProofLookup.Failed.class, new GitHubChannel(null).fetch(alice, ctx))
            .verdict());
    assertThrows(MalformedException.class, () -> ClaimCodec.decode(damagedFirst));
  }

  /**
   * Issue 10 §4: bytes that are not UTF-8 are malformed online as offline, never repaired to
   * U+FFFD.
   */
  @Test
  void proofThatIsNotUtf8IsInvalid() {
    byte[] text = proof(claim).getBytes(StandardCharsets.UTF_8);
    byte[] bad = new byte[text.length + 1];
    bad[0] = (byte) 0xff; // in the prose before the fence: the claim itself is intact
    System.arraycopy(text, 0, bad, 1, text.length);
    publish("alice", "kez.md", "");
    gh.route(
        "/raw/alice/aa5a315d61ae9438b18d/raw/kez.md",
        ex -> new TestServer.Answer(200, "text/plain; charset=utf-8", bad, Map.of(), 0));
    Verdict v =
        assertInstanceOf(ProofLookup.Failed.class, new GitHubChannel(null).fetch(alice, ctx))
            .verdict();
    assertInstanceOf(Verdict.Invalid.class, v);
    assertTrue(v.reason().contains("is not UTF-8 text"), v.reason());
    assertThrows(
        MalformedException.class,
        () -> Utf8.decode(bad, "input")); // what `verify claim` reads files with
  }

  @Test
  void oversizeGistList() {
    gh.route(
        "/users/alice/gists?per_page=100",
        ex ->
            new TestServer.Answer(200, "application/json", new byte[(1 << 20) + 10], Map.of(), 0));
    Verdict v = ((ProofLookup.Failed) new GitHubChannel(null).fetch(alice, ctx)).verdict();
    assertInstanceOf(Verdict.Invalid.class, v);
    assertTrue(v.reason().contains("1 MiB"));
  }

  @Test
  void wrongShape() {
    gh.json("/users/alice/gists?per_page=100", "{\"gists\":[]}");
    assertInstanceOf(
        Verdict.Invalid.class,
        ((ProofLookup.Failed) new GitHubChannel(null).fetch(alice, ctx)).verdict());
  }

  @Test
  void privateAddressRefusedByDefault() {
    publish("alice", "kez.md", proof(claim));
    ChannelContext strict =
        new ChannelContext(
            Map.of("GITHUB_API", gh.base()),
            null,
            java.util.List.of(),
            java.time.Duration.ofSeconds(2),
            false,
            java.time.Clock.systemUTC());
    Verdict v = ((ProofLookup.Failed) new GitHubChannel(null).fetch(alice, strict)).verdict();
    assertInstanceOf(Verdict.Invalid.class, v);
    assertTrue(
        v.reason().contains("refused by local policy; --allow-private permits it"), v.reason());
    assertTrue(gh.requests.isEmpty());
  }
}
