package dev.kez.channels.bluesky;

import static dev.kez.channels.http.TestServer.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.http.TestServer;
import dev.kez.channels.http.TxtResponder;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import dev.kez.core.status.Verdict;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BlueskyChannelTest {
  static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
  static final String OTHER = "did:plc:z72i7hdynmk6r22z27h6tvur";
  private final TestServer bsky = TestServer.start();
  private final Account alice = Account.parse("bluesky:alice.test");
  private final Claim claim =
      Claim.builder(alice).createdAt(1764150000).sign(SecretKey.generate(Algorithm.ED25519));
  private final ChannelContext ctx =
      TestServer.context(
          Map.of(
              "BLUESKY_APPVIEW",
              bsky.base(),
              "BLUESKY_PLC",
              bsky.base() + "/plc",
              "BLUESKY_WEB",
              bsky.base()));
  private final Map<String, List<String>> txt = new HashMap<>();
  private final BlueskyChannel plugin =
      new BlueskyChannel((name, c) -> txt.getOrDefault(name, List.of()));

  @AfterEach
  void stop() {
    bsky.close();
  }

  private void serve(String handleInDoc, String postText, String reposted, String description) {
    bsky.route("/.well-known/atproto-did", 200, "text/plain", DID + "\n");
    bsky.json(
        "/plc/" + DID, fixture("bluesky/did-plc.json", Map.of("did", DID, "handle", handleInDoc)));
    bsky.json(
        "/xrpc/app.bsky.feed.getAuthorFeed?actor=did%3Aplc%3Aewvi7nxzyoun6zhxrhs64oiz&limit=100",
        fixture(
            "bluesky/author-feed.json",
            Map.of(
                "did",
                DID,
                "otherdid",
                OTHER,
                "handle",
                "alice.test",
                "text",
                postText,
                "reposttext",
                reposted)));
    bsky.json(
        "/xrpc/app.bsky.actor.getProfile?actor=did%3Aplc%3Aewvi7nxzyoun6zhxrhs64oiz",
        fixture(
            "bluesky/profile.json",
            Map.of("did", DID, "handle", "alice.test", "description", description)));
  }

  @Test
  void foundInAPostViaWellKnown() {
    serve("alice.test", "my kez proof: " + claim.canonicalJson(), "nothing", "");
    ProofLookup.Found f = assertInstanceOf(ProofLookup.Found.class, plugin.fetch(alice, ctx));
    assertEquals(List.of(claim), f.claims());
    assertEquals("at://" + DID + "/app.bsky.feed.post/3lbq3xk5f7c2a", f.location());
  }

  @Test
  void foundViaTxtRecordInProfile() {
    serve("alice.test", "hello world", "nothing", "bio\n" + claim.canonicalJson());
    bsky.route("/.well-known/atproto-did", 404, "text/plain", "");
    txt.put("_atproto.alice.test", List.of("did=" + DID));
    ProofLookup.Found f = assertInstanceOf(ProofLookup.Found.class, plugin.fetch(alice, ctx));
    assertEquals(List.of(claim), f.claims());
    assertTrue(f.location().endsWith("app.bsky.actor.profile/self"));
  }

  @Test
  void handleViaRealDnsOnLoopback() throws Exception {
    serve("alice.test", claim.canonicalJson(), "", "");
    bsky.route("/.well-known/atproto-did", 404, "text/plain", "");
    try (TxtResponder dns =
        new TxtResponder(Map.of("_atproto.alice.test", List.of(List.of("did=" + DID))))) {
      ChannelContext withDns =
          new ChannelContext(
              ctx.endpoints(),
              dns.address(),
              List.of(),
              java.time.Duration.ofSeconds(5),
              true,
              java.time.Clock.systemUTC());
      ProofLookup.Found f =
          assertInstanceOf(ProofLookup.Found.class, new BlueskyChannel().fetch(alice, withDns));
      assertEquals(List.of(claim), f.claims());
      assertTrue(
          bsky.requests.contains("/.well-known/atproto-did"),
          "both methods are asked (SPEC §10.4)");
      // a handle without the record falls back to HTTPS, which has nothing: not found
      Account bob = Account.parse("bluesky:bob.test");
      assertInstanceOf(
          Verdict.NotFound.class,
          ((ProofLookup.Failed) new BlueskyChannel().fetch(bob, withDns)).verdict());
    }
  }

  @Test
  void repostOfSomeoneElsesProofIsIgnored() {
    Claim other =
        Claim.builder(alice).createdAt(1764150000).sign(SecretKey.generate(Algorithm.ED25519));
    serve("alice.test", "hello", other.canonicalJson(), "");
    assertInstanceOf(
        Verdict.NotFound.class, ((ProofLookup.Failed) plugin.fetch(alice, ctx)).verdict());
  }

  @Test
  void didDocumentMustNameTheHandle() {
    serve("mallory.test", claim.canonicalJson(), "", "");
    Verdict v = ((ProofLookup.Failed) plugin.fetch(alice, ctx)).verdict();
    assertInstanceOf(Verdict.Invalid.class, v);
    assertTrue(v.reason().contains("alsoKnownAs"), v.reason());
  }

  /**
   * Issue 10 §2: TXT records naming different DIDs resolve the handle to none, whatever their
   * order.
   */
  @Test
  void severalDidsInDnsResolveToNoneWhateverTheOrder() {
    serve("alice.test", claim.canonicalJson(), "", "");
    bsky.route("/.well-known/atproto-did", 404, "text/plain", "");
    bsky.json(
        "/plc/" + OTHER,
        fixture("bluesky/did-plc.json", Map.of("did", OTHER, "handle", "alice.test")));
    List<String> reasons = new java.util.ArrayList<>();
    for (List<String> records :
        List.of(List.of("did=" + DID, "did=" + OTHER), List.of("did=" + OTHER, "did=" + DID))) {
      txt.put("_atproto.alice.test", records);
      Verdict v = assertInstanceOf(ProofLookup.Failed.class, plugin.fetch(alice, ctx)).verdict();
      assertInstanceOf(Verdict.Invalid.class, v, records.toString());
      assertTrue(v.reason().contains("several DIDs"), v.reason());
      reasons.add(v.reason());
    }
    assertEquals(reasons.get(0), reasons.get(1), "the order of the records changes nothing");
    txt.put(
        "_atproto.alice.test",
        List.of("v=spf1 -all", "did=" + DID, "did=" + DID)); // one DID, twice
    assertEquals(
        List.of(claim),
        assertInstanceOf(ProofLookup.Found.class, plugin.fetch(alice, ctx)).claims());
  }

  /** Issue 10 §2: the DNS and HTTPS methods must not name different DIDs. */
  @Test
  void dnsAndWellKnownMustAgree() {
    serve("alice.test", claim.canonicalJson(), "", ""); // the well-known file names DID
    bsky.json(
        "/plc/" + OTHER,
        fixture("bluesky/did-plc.json", Map.of("did", OTHER, "handle", "alice.test")));
    txt.put("_atproto.alice.test", List.of("did=" + OTHER));
    Verdict v = assertInstanceOf(ProofLookup.Failed.class, plugin.fetch(alice, ctx)).verdict();
    assertInstanceOf(Verdict.Invalid.class, v);
    assertTrue(v.reason().contains(DID) && v.reason().contains(OTHER), v.reason());
    // agreeing methods, or a well-known path that holds no DID (a site's page for any path): the
    // TXT record decides
    txt.put("_atproto.alice.test", List.of("did=" + DID));
    assertInstanceOf(ProofLookup.Found.class, plugin.fetch(alice, ctx));
    bsky.route("/.well-known/atproto-did", 200, "text/html", "<html>Welcome</html>");
    assertInstanceOf(ProofLookup.Found.class, plugin.fetch(alice, ctx));
  }

  /**
   * Issue 10 §2: the DID document's handle is its first at:// entry of alsoKnownAs (atproto), not
   * any entry.
   */
  @Test
  void theHandleIsTheFirstAtUriInAlsoKnownAs() {
    serve("alice.test", claim.canonicalJson(), "", "");
    ObjectNode doc =
        (ObjectNode)
            Json.parse(fixture("bluesky/did-plc.json", Map.of("did", DID, "handle", "alice.test")));
    doc.putArray("alsoKnownAs")
        .add("https://alice.example")
        .add("at://mallory.test")
        .add("at://alice.test");
    bsky.json("/plc/" + DID, doc.toString());
    Verdict v = assertInstanceOf(ProofLookup.Failed.class, plugin.fetch(alice, ctx)).verdict();
    assertInstanceOf(Verdict.Invalid.class, v);
    assertTrue(v.reason().contains("at://mallory.test"), v.reason());
    doc.putArray("alsoKnownAs")
        .add("https://alice.example")
        .add("at://alice.test")
        .add("at://mallory.test");
    bsky.json("/plc/" + DID, doc.toString());
    assertInstanceOf(ProofLookup.Found.class, plugin.fetch(alice, ctx));
  }

  @Test
  void handleThatDoesNotResolve() {
    assertInstanceOf(
        Verdict.NotFound.class, ((ProofLookup.Failed) plugin.fetch(alice, ctx)).verdict());
  }

  @Test
  void didWeb() {
    bsky.route("/.well-known/atproto-did", 200, "text/plain", "did:web:alice.test");
    bsky.json(
        "/.well-known/did.json",
        fixture(
            "bluesky/did-plc.json", Map.of("did", "did:web:alice.test", "handle", "alice.test")));
    bsky.json(
        "/xrpc/app.bsky.feed.getAuthorFeed?actor=did%3Aweb%3Aalice.test&limit=100",
        fixture(
            "bluesky/author-feed.json",
            Map.of(
                "did",
                "did:web:alice.test",
                "otherdid",
                OTHER,
                "handle",
                "alice.test",
                "text",
                claim.canonicalJson(),
                "reposttext",
                "")));
    assertEquals(List.of(claim), ((ProofLookup.Found) plugin.fetch(alice, ctx)).claims());
  }

  @Test
  void appViewDown() {
    serve("alice.test", "", "", "");
    bsky.route(
        "/xrpc/app.bsky.feed.getAuthorFeed?actor=did%3Aplc%3Aewvi7nxzyoun6zhxrhs64oiz&limit=100",
        502, "text/html", "<html>Bad Gateway</html>");
    Verdict.Unreachable u =
        assertInstanceOf(
            Verdict.Unreachable.class, ((ProofLookup.Failed) plugin.fetch(alice, ctx)).verdict());
    assertTrue(u.reason().contains("502") && u.retryable());
  }

  /** A session answer whose access token has the scope of an app password's session. */
  private static String session(String access, String refresh) {
    String payload =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"scope\":\"com.atproto.appPass\",\"sub\":\"" + DID + "\"}").getBytes());
    return Json.write(
        Json.newObject()
            .put("did", DID)
            .put("handle", "alice.test")
            .put("accessJwt", "e30." + payload + "." + access)
            .put("refreshJwt", refresh));
  }

  @Test
  void anExpiredSessionIsRefreshedAndTheWriteMadeOnce() throws Exception {
    // a PDS that says the first access token has expired (a real one lasts two hours, so no real
    // server lets a test see this): the publisher refreshes the session and writes once
    serve("alice.test", "proof " + claim.canonicalJson(), "nothing", "");
    ObjectNode doc =
        (ObjectNode)
            Json.parse(fixture("bluesky/did-plc.json", Map.of("did", DID, "handle", "alice.test")));
    ((ObjectNode) doc.path("service").get(0)).put("serviceEndpoint", bsky.base());
    bsky.json("/plc/" + DID, doc.toString());
    String repo = "?repo=did%3Aplc%3Aewvi7nxzyoun6zhxrhs64oiz&collection=";
    bsky.json(
        "/xrpc/com.atproto.repo.listRecords" + repo + "app.bsky.feed.post&limit=100",
        "{\"records\":[]}");
    bsky.route(
        "/xrpc/com.atproto.repo.getRecord" + repo + "app.bsky.actor.profile&rkey=self",
        400,
        "application/json",
        "{\"error\":\"RecordNotFound\"}");
    bsky.json("/xrpc/com.atproto.server.createSession", session("first", "refresh-1"));
    List<String> refreshedWith = new java.util.concurrent.CopyOnWriteArrayList<>();
    bsky.route(
        "/xrpc/com.atproto.server.refreshSession",
        ex -> {
          refreshedWith.add(ex.getRequestHeaders().getFirst("Authorization"));
          return answer(200, session("second", "refresh-2"));
        });
    List<String> writtenWith = new java.util.concurrent.CopyOnWriteArrayList<>();
    bsky.route(
        "/xrpc/com.atproto.repo.createRecord",
        ex -> {
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          writtenWith.add(auth.substring(auth.lastIndexOf('.') + 1));
          return auth.endsWith(".second")
              ? answer(200, "{\"uri\":\"at://" + DID + "/app.bsky.feed.post/3abc\",\"cid\":\"x\"}")
              : answer(400, "{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}");
        });
    dev.kez.channels.ProofPublisher.Outcome.Published p =
        assertInstanceOf(
            dev.kez.channels.ProofPublisher.Outcome.Published.class,
            plugin
                .publisher()
                .orElseThrow()
                .publish(
                    new dev.kez.channels.ProofPublisher.Request(
                        claim,
                        dev.kez.core.encoding.Encoding.JSON,
                        new dev.kez.channels.ProofPublisher.Credential("abcd-efgh-ijkl-mnop"),
                        ctx,
                        false,
                        null)));
    assertEquals("at://" + DID + "/app.bsky.feed.post/3abc", p.location());
    assertEquals(List.of("first", "second"), writtenWith);
    assertEquals(List.of("Bearer refresh-1"), refreshedWith);
  }

  @Test
  void thePdsIsReadFromEitherFormOfTheDidDocument() throws Exception {
    // the W3C form (what PLC serves at /<did>) and the PLC's data form (/<did>/data)
    assertEquals(
        "https://morel.us-east.host.bsky.network",
        BlueskyChannel.pds(
            Json.parse(
                fixture("bluesky/did-plc.json", Map.of("did", DID, "handle", "alice.test")))));
    assertEquals(
        "http://localhost:2583",
        BlueskyChannel.pds(
            Json.parse(
                "{\"did\":\""
                    + DID
                    + "\",\"services\":{\"atproto_pds\":{\"type\":"
                    + "\"AtprotoPersonalDataServer\",\"endpoint\":\"http://localhost:2583\"}}}")));
    assertEquals(null, BlueskyChannel.pds(Json.parse("{\"id\":\"" + DID + "\"}")));
  }

  private static TestServer.Answer answer(int status, String json) {
    return new TestServer.Answer(
        status,
        "application/json",
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Map.of(),
        0);
  }
}
