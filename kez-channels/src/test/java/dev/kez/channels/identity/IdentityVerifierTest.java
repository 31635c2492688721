package dev.kez.channels.identity;

import static dev.kez.channels.identity.World.AP;
import static dev.kez.channels.identity.World.BLUESKY;
import static dev.kez.channels.identity.World.GITHUB;
import static dev.kez.channels.identity.World.NOW;
import static dev.kez.channels.identity.World.T0;
import static dev.kez.channels.identity.World.claim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.channels.ap.ApActor;
import dev.kez.channels.graph.GraphDiagram;
import dev.kez.channels.graph.GraphJson;
import dev.kez.channels.graph.GraphSvg;
import dev.kez.channels.graph.GraphText;
import dev.kez.channels.http.TestServer;
import dev.kez.channels.http.TxtResponder;
import dev.kez.channels.identity.IdentityGraph.AccountNode;
import dev.kez.channels.identity.IdentityGraph.Role;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainVerifier;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.Links;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityVerifierTest {
  private final World w = new World();
  private final SecretKey primary = SecretKey.generate(Algorithm.NOSTR);
  @TempDir Path tmp;

  @AfterEach
  void stop() {
    w.close();
  }

  private IdentityGraph verify(Account a, List<Path> chains, List<String> servers) {
    return w.verifier()
        .verify(
            a,
            new IdentityVerifier.Options(
                w.context(Duration.ofSeconds(10)), chains, servers, NOW, s -> {}));
  }

  private Path chainFile(String name, List<Link> links) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, Bundle.toString(links));
    return p;
  }

  private static Status status(IdentityGraph g, Account a) {
    return g.accounts().stream()
        .filter(n -> n.account().equals(a))
        .findFirst()
        .orElseThrow()
        .verdict()
        .status();
  }

  /** alice: github, ap and bluesky added by her primary key, each proof published. */
  private void threeAccounts() {
    for (Account a : List.of(GITHUB, AP, BLUESKY)) {
      Claim c = claim(a, primary);
      w.append(Links.add(w.state(), c, primary, w.tick()));
      w.publish(c);
    }
  }

  @Test
  void wholeIdentityFromOneAccount() throws Exception {
    threeAccounts();
    IdentityGraph g = verify(AP, List.of(chainFile("c.jsonl", w.links)), List.of());
    assertEquals(Status.VALID, g.verdict().status(), g.verdict().reason());
    assertEquals(3, g.accounts().size());
    for (AccountNode n : g.accounts())
      assertEquals(Status.VALID, n.verdict().status(), n.account() + ": " + n.verdict().reason());
    assertTrue(g.accounts().get(0).asked());
    assertEquals(primary.publicKey().encoded(), g.chain().id());
    assertEquals(3, g.chain().length());
    assertEquals(
        List.of(Role.PRIMARY), g.keys().stream().map(IdentityGraph.KeyNode::role).toList());

    JsonNode json = GraphJson.of(g);
    assertEquals("valid", json.get("status").asText());
    assertEquals("ap:alice@social.test", json.get("account").asText());
    assertEquals(NOW.getEpochSecond(), json.get("checked_at").asLong());
    assertEquals(3, json.get("accounts").size());
    assertTrue(json.get("accounts").get(0).get("retryable").isNull());
    assertEquals("primary", json.get("keys").get(0).get("role").asText());
    String dot = GraphDiagram.dot(g);
    assertTrue(dot.startsWith("digraph kez {") && dot.contains("k0 -> a2 [label=\"claims\"]"), dot);
    assertTrue(GraphDiagram.mermaid(g).contains("class a1 valid"));
    String svg = GraphSvg.render(g);
    assertTrue(
        svg.startsWith("<svg") && svg.contains("github:alice") && svg.trim().endsWith("</svg>"));
    javax.xml.parsers.DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(
            new java.io.ByteArrayInputStream(
                svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    String table = GraphText.render(g, false);
    assertTrue(
        table.contains("valid")
            && table.contains("ap:alice@social.test *")
            && !table.contains("\u001b"),
        table);
  }

  @Test
  void chainFromAServerAndFromAGist() throws Exception {
    threeAccounts();
    String jsonl = Bundle.toString(w.links);
    try (TestServer sig = TestServer.start()) {
      String k = primary.publicKey().encoded();
      sig.json(
          "/v1/keys/" + k,
          "{\"key\":\""
              + k
              + "\",\"chain\":\""
              + k
              + "\",\"role\":\"eldest\",\"seq\":1,\"chains\":[]}");
      sig.route("/v1/chains/" + k, 200, "application/x-ndjson", jsonl);
      IdentityGraph g = verify(BLUESKY, List.of(), List.of(sig.base()));
      assertEquals(Status.VALID, g.verdict().status(), g.verdict().reason());
      assertEquals(3, g.accounts().size());
    }
    w.gist("kez-sigchain.jsonl", jsonl);
    w.server.requests.clear();
    IdentityGraph g = verify(GITHUB, List.of(), List.of());
    assertEquals(
        1,
        w.server.requests.stream().filter(r -> r.startsWith("/users/alice/gists")).count(),
        "one API call finds both the proof and the chain (rate limits)");
    assertEquals(3, g.accounts().size(), "the chain came from alice's gist");
    assertTrue(g.chain().sources().get(0).origin().contains("kez-sigchain.jsonl"));
    assertEquals(Status.VALID, status(g, BLUESKY));
  }

  @Test
  void revokedInTheChain() throws Exception {
    threeAccounts();
    w.append(Links.revoke(w.state(), BLUESKY, primary, w.tick()));
    IdentityGraph g = verify(GITHUB, List.of(chainFile("c.jsonl", w.links)), List.of());
    assertEquals(Status.VALID, g.verdict().status());
    assertEquals(Status.REVOKED, status(g, BLUESKY));
    assertTrue(
        w.server.requests.stream().noneMatch(r -> r.contains("getAuthorFeed")),
        "a revoked account is not fetched");
    IdentityGraph asked = verify(BLUESKY, List.of(chainFile("c2.jsonl", w.links)), List.of());
    assertInstanceOf(Verdict.Revoked.class, asked.verdict());
  }

  @Test
  void rotatedKeyAndDeviceSignedClaim() throws Exception {
    Claim gh = claim(GITHUB, primary);
    w.append(Links.add(w.state(), gh, primary, w.tick()));
    w.publish(gh);
    SecretKey next = SecretKey.generate(Algorithm.ED25519);
    w.append(Links.rotate(w.state(), primary, next, w.tick()));
    Claim ap = claim(AP, next);
    w.append(Links.add(w.state(), ap, next, w.tick()));
    w.publish(ap);
    SecretKey laptop = SecretKey.generate(Algorithm.ED25519);
    w.append(Links.addDevice(w.state(), next, laptop, "laptop", w.tick()));
    Claim bs = claim(BLUESKY, laptop);
    w.append(Links.add(w.state(), bs, laptop, w.tick()));
    w.publish(bs);
    IdentityGraph g = verify(BLUESKY, List.of(chainFile("c.jsonl", w.links)), List.of());
    assertEquals(Status.VALID, g.verdict().status(), g.verdict().reason());
    for (AccountNode n : g.accounts())
      assertEquals(Status.VALID, n.verdict().status(), n.account() + ": " + n.verdict().reason());
    var roles =
        g.keys().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    IdentityGraph.KeyNode::key, IdentityGraph.KeyNode::role));
    assertEquals(Role.FORMER_PRIMARY, roles.get(primary.publicKey().encoded()));
    assertEquals(Role.PRIMARY, roles.get(next.publicKey().encoded()));
    assertEquals(Role.DEVICE, roles.get(laptop.publicKey().encoded()));
    assertEquals(laptop.publicKey().encoded(), g.accounts().get(0).key());
    assertTrue(GraphDiagram.dot(g).contains("rotated to"));
    String table = GraphText.render(g, false);
    assertTrue(
        table.contains("signed by device \"laptop\"") && table.contains("signed by former primary"),
        table);
  }

  @Test
  void claimByAKeyWithoutAuthorityIsInvalid() throws Exception {
    threeAccounts();
    w.publish(
        claim(AP, SecretKey.generate(Algorithm.NOSTR))); // someone else's key on alice's actor
    IdentityGraph g = verify(GITHUB, List.of(chainFile("c.jsonl", w.links)), List.of());
    assertEquals(Status.INVALID, status(g, AP));
    assertTrue(
        g.accounts().stream()
            .filter(n -> n.account().equals(AP))
            .findFirst()
            .orElseThrow()
            .verdict()
            .reason()
            .contains("never had authority"));
  }

  @Test
  void tamperedAndExpiredProofs() throws Exception {
    threeAccounts();
    w.gist(
        "kez.md",
        "```kez\n"
            + claim(GITHUB, primary)
                .canonicalJson()
                .replace("\"created_at\":" + T0, "\"created_at\":" + (T0 + 1))
            + "\n```\n");
    w.publish(Claim.builder(AP).createdAt(T0).expiresAt(T0 + 3600).sign(primary));
    IdentityGraph g = verify(BLUESKY, List.of(chainFile("c.jsonl", w.links)), List.of());
    assertEquals(Status.VALID, g.verdict().status());
    assertEquals(Status.INVALID, status(g, GITHUB));
    assertEquals(Status.EXPIRED, status(g, AP));
  }

  @Test
  void dnsAccountThroughTheDnsChannel() throws Exception {
    threeAccounts();
    Account dns = Account.parse("dns:alice.test");
    Claim c = claim(dns, primary);
    w.append(Links.add(w.state(), c, primary, w.tick()));
    try (TxtResponder server =
        new TxtResponder(
            Map.of(
                "_kez.alice.test",
                List.of(dev.kez.core.encoding.ClaimCodec.txtStrings(c), List.of("v=spf1 -all"))))) {
      var ctx = w.context(Duration.ofSeconds(10));
      var withDns =
          new dev.kez.channels.ChannelContext(
              ctx.endpoints(), server.address(), List.of(), ctx.timeout(), true, ctx.clock());
      IdentityVerifier v =
          IdentityVerifier.of(
              List.of(
                  new dev.kez.channels.github.GitHubChannel(null),
                  new dev.kez.channels.ap.ActivityPubChannel(),
                  new dev.kez.channels.bluesky.BlueskyChannel((n, x) -> List.of()),
                  new dev.kez.channels.dns.DnsChannel()));
      IdentityGraph g =
          v.verify(
              dns,
              new IdentityVerifier.Options(
                  withDns, List.of(chainFile("c.jsonl", w.links)), List.of(), NOW, s -> {}));
      assertEquals(Status.VALID, g.verdict().status(), g.verdict().reason());
      for (AccountNode n : g.accounts())
        assertEquals(Status.VALID, n.verdict().status(), n.account() + ": " + n.verdict().reason());
      assertEquals(4, g.accounts().size());
    }
  }

  @Test
  void revokedOutranksExpired() throws Exception {
    Claim expiring = Claim.builder(AP).createdAt(T0).expiresAt(T0 + 3600).sign(primary);
    Claim gh = claim(GITHUB, primary);
    w.append(Links.add(w.state(), gh, primary, w.tick()));
    w.append(Links.add(w.state(), expiring, primary, w.tick()));
    w.append(Links.revoke(w.state(), AP, primary, w.tick()));
    w.publish(gh);
    w.publish(expiring);
    IdentityGraph g = verify(AP, List.of(chainFile("c.jsonl", w.links)), List.of());
    assertInstanceOf(Verdict.Revoked.class, g.verdict(), g.verdict().reason());
  }

  @Test
  void chainServerDownLeavesTheProofStanding() throws Exception {
    threeAccounts();
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    IdentityGraph g = verify(GITHUB, List.of(), List.of("http://127.0.0.1:" + port));
    assertEquals(Status.VALID, g.verdict().status());
    assertEquals(Status.UNREACHABLE, g.chain().verdict().status());
    assertEquals(1, g.accounts().size());
  }

  @Test
  void forkAcrossTwoSources() throws Exception {
    threeAccounts();
    List<Link> base = List.copyOf(w.links);
    var clock = Clock.fixed(NOW, ZoneOffset.UTC);
    var a = ChainVerifier.start(clock);
    base.forEach(a::append);
    Link one = Links.revoke(a.state(), AP, primary, T0 + 1000);
    Link two = Links.revoke(a.state(), BLUESKY, primary, T0 + 1000);
    List<Link> left = new java.util.ArrayList<>(base);
    left.add(one);
    List<Link> right = new java.util.ArrayList<>(base);
    right.add(two);
    IdentityGraph g =
        verify(GITHUB, List.of(chainFile("l.jsonl", left), chainFile("r.jsonl", right)), List.of());
    assertInstanceOf(Verdict.Fork.class, g.verdict());
    assertEquals(Status.FORK, g.chain().verdict().status());
    assertEquals(2, g.verdict().evidence().size());
    // merely behind is not a fork
    IdentityGraph behind =
        verify(GITHUB, List.of(chainFile("b.jsonl", base), chainFile("l2.jsonl", left)), List.of());
    assertEquals(Status.VALID, behind.verdict().status());
    assertEquals(Status.REVOKED, status(behind, AP));
  }

  @Test
  void unreachableAndNotFoundAreKeptApart() throws Exception {
    threeAccounts();
    w.server.route(
        "/xrpc/app.bsky.feed.getAuthorFeed?actor=did%3Aplc%3Aewvi7nxzyoun6zhxrhs64oiz&limit=100",
        503, "text/html", "down");
    w.server.route("/users/alice", 404, "application/json", "{}");
    IdentityGraph g = verify(GITHUB, List.of(chainFile("c.jsonl", w.links)), List.of());
    assertEquals(Status.UNREACHABLE, status(g, BLUESKY));
    assertEquals(Status.NOT_FOUND, status(g, AP));
    assertTrue(GraphText.render(g, false).contains("(may succeed later)"));
  }

  @Test
  void askedAccountWithoutProof() {
    IdentityGraph g = verify(GITHUB, List.of(), List.of());
    assertEquals(Status.NOT_FOUND, g.verdict().status(), g.verdict().reason() + w.server.requests);
    assertNull(g.chain().id());
  }

  @Test
  void slowChannelTimesOutAloneAndFetchesRunConcurrently() throws Exception {
    threeAccounts();
    // Each of the other two accounts answers slowly; the AP one slower than the timeout.
    w.server.route(
        "/users/alice",
        ex -> new TestServer.Answer(200, "application/activity+json", new byte[0], Map.of(), 5000));
    long t0 = System.nanoTime();
    IdentityGraph g =
        w.verifier()
            .verify(
                GITHUB,
                new IdentityVerifier.Options(
                    w.context(Duration.ofMillis(1500)),
                    List.of(chainFile("c.jsonl", w.links)),
                    List.of(),
                    NOW,
                    s -> {}));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(Status.UNREACHABLE, status(g, AP));
    Verdict v =
        g.accounts().stream()
            .filter(n -> n.account().equals(AP))
            .findFirst()
            .orElseThrow()
            .verdict();
    assertTrue(
        v.reason().contains("timed out") && ((Verdict.Unreachable) v).retryable(), v.reason());
    assertEquals(Status.VALID, status(g, BLUESKY));
    assertTrue(ms < 4000, "took " + ms + " ms");
  }

  @Test
  void accountsAreVerifiedConcurrently() throws Exception {
    threeAccounts();
    // Every response of the other accounts is delayed; sequential would take 4 x 1000 ms at least.
    var delayed =
        List.of(
            "/.well-known/webfinger?resource=acct%3Aalice%40social.test",
            "/users/alice", "/.well-known/atproto-did", "/plc/" + World.DID);
    for (String path : delayed) {
      String type =
          path.contains("atproto-did")
              ? "text/plain"
              : path.equals("/users/alice") ? "application/activity+json" : "application/json";
      w.server.route(path, ex -> new TestServer.Answer(200, type, answerOf(path), Map.of(), 1000));
    }
    long t0 = System.nanoTime();
    IdentityGraph g = verify(GITHUB, List.of(chainFile("c.jsonl", w.links)), List.of());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    for (AccountNode n : g.accounts())
      assertEquals(Status.VALID, n.verdict().status(), n.account() + ": " + n.verdict().reason());
    assertTrue(ms < 3400, "took " + ms + " ms: the two accounts' fetches did not overlap");
  }

  private byte[] answerOf(String path) {
    Map<String, String> v = ApActor.holding("alice", claim(AP, primary));
    String s =
        switch (path) {
          case "/users/alice" -> TestServer.fixture("ap/actor.json", v);
          case "/.well-known/atproto-did" -> World.DID;
          default ->
              path.startsWith("/plc/")
                  ? TestServer.fixture(
                      "bluesky/did-plc.json", Map.of("did", World.DID, "handle", "alice.test"))
                  : TestServer.fixture("ap/webfinger.json", v);
        };
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
