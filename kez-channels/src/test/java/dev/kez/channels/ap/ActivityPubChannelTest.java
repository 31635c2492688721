package dev.kez.channels.ap;

import static dev.kez.channels.http.TestServer.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.http.TestServer;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.status.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActivityPubChannelTest {
  private final TestServer masto = TestServer.start();
  private final Account alice = Account.parse("mastodon:@Alice@social.test");
  private final Claim claim =
      Claim.builder(alice).createdAt(1764150000).sign(SecretKey.generate(Algorithm.ED25519));
  private final ChannelContext ctx = TestServer.context(Map.of("AP_WEB", masto.base()));
  private final ActivityPubChannel plugin = new ActivityPubChannel();

  @AfterEach
  void stop() {
    masto.close();
  }

  /** Mastodon renders text as HTML: escape it the way it does. */
  private static String html(String text) {
    return "<p>"
        + text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;")
        + "</p>";
  }

  private Map<String, String> serve(
      String summary, String field, String note, Map<String, String> override) {
    Map<String, String> v = ApActor.values("alice", summary, field, note);
    v.putAll(override);
    masto.route(
        "/.well-known/webfinger?resource=acct%3Aalice%40social.test",
        200, "application/jrd+json; charset=utf-8", fixture("ap/webfinger.json", v));
    masto.route(
        "/users/alice",
        200,
        "application/activity+json; charset=utf-8",
        fixture("ap/actor.json", v));
    masto.route(
        "/users/alice/outbox",
        200,
        "application/activity+json; charset=utf-8",
        fixture("ap/outbox.json", v));
    masto.route(
        "/users/alice/outbox?page=true",
        200,
        "application/activity+json; charset=utf-8",
        fixture("ap/outbox-page.json", v));
    return v;
  }

  @Test
  void foundInSummaryWithHtmlStripped() {
    serve(html("Hi! " + claim.canonicalJson()), "", "", Map.of());
    ProofLookup.Found f = assertInstanceOf(ProofLookup.Found.class, plugin.fetch(alice, ctx));
    assertEquals(List.of(claim), f.claims());
    assertEquals("https://social.test/users/alice#summary", f.location());
    assertTrue(
        masto.requestHeaders.get(1).get("Accept").get(0).startsWith("application/activity+json"));
  }

  @Test
  void foundInProfileField() {
    serve("<p>bio</p>", html(claim.canonicalJson()), "", Map.of());
    assertEquals(
        "https://social.test/users/alice#field-kez",
        ((ProofLookup.Found) plugin.fetch(alice, ctx)).location());
  }

  @Test
  void foundInOutboxNote() {
    serve("<p>bio</p>", "x", html("proof " + claim.canonicalJson()), Map.of());
    ProofLookup.Found f = assertInstanceOf(ProofLookup.Found.class, plugin.fetch(alice, ctx));
    assertEquals(List.of(claim), f.claims());
    assertEquals("https://social.test/users/alice/statuses/1", f.location());
  }

  @Test
  void notFound() {
    serve("<p>bio</p>", "x", "<p>hello</p>", Map.of());
    assertInstanceOf(
        Verdict.NotFound.class, ((ProofLookup.Failed) plugin.fetch(alice, ctx)).verdict());
    masto.route("/.well-known/webfinger", 404, "application/json", "{}");
    assertInstanceOf(
        Verdict.NotFound.class, ((ProofLookup.Failed) plugin.fetch(alice, ctx)).verdict());
  }

  @Test
  void actorOnAnotherHostIsRefused() {
    serve(html(claim.canonicalJson()), "", "", Map.of("idhost", "evil.test"));
    Verdict v = ((ProofLookup.Failed) plugin.fetch(alice, ctx)).verdict();
    assertInstanceOf(Verdict.Invalid.class, v);
    assertTrue(v.reason().contains("another origin"), v.reason());
  }

  /** Issue 10 §5: the actor's id must be on the origin that finally served it, after redirects. */
  @Test
  void actorIdMustBeOnTheOriginThatServedIt() {
    Map<String, String> v = serve(html(claim.canonicalJson()), "", "", Map.of());
    String elsewhere = masto.base().replace("127.0.0.1", "localhost");
    masto.route("/users/alice", 302, null, "", "Location", elsewhere + "/moved/alice");
    masto.route(
        "/moved/alice",
        200,
        "application/activity+json",
        fixture("ap/actor.json", v)); // id: https://social.test/users/alice
    Verdict bad = assertInstanceOf(ProofLookup.Failed.class, plugin.fetch(alice, ctx)).verdict();
    assertInstanceOf(Verdict.Invalid.class, bad);
    assertTrue(
        bad.reason().contains("served by http://localhost:")
            && bad.reason().contains("another origin"),
        bad.reason());
    masto.route(
        "/users/alice",
        302,
        null,
        "",
        "Location",
        "/moved/alice"); // a move within the origin is fine
    assertInstanceOf(ProofLookup.Found.class, plugin.fetch(alice, ctx));
  }

  @Test
  void delegatedHostNeedsMatchingUsername() {
    serve(
        html(claim.canonicalJson()),
        "",
        "",
        Map.of("actorhost", "ap.social.test", "idhost", "ap.social.test"));
    assertInstanceOf(ProofLookup.Found.class, plugin.fetch(alice, ctx));
    serve(
        html(claim.canonicalJson()),
        "",
        "",
        Map.of("actorhost", "ap.social.test", "idhost", "ap.social.test", "preferred", "bob"));
    Verdict v = ((ProofLookup.Failed) plugin.fetch(alice, ctx)).verdict();
    assertTrue(v.reason().contains("does not belong to social.test"), v.reason());
  }

  @Test
  void internalAddressesAreRefusedByDefault() {
    serve(html(claim.canonicalJson()), "", "", Map.of());
    ChannelContext strict =
        new ChannelContext(
            Map.of("AP_WEB", masto.base()),
            null,
            List.of(),
            java.time.Duration.ofSeconds(2),
            false,
            java.time.Clock.systemUTC());
    Verdict v = ((ProofLookup.Failed) plugin.fetch(alice, strict)).verdict();
    assertInstanceOf(Verdict.Invalid.class, v);
    assertTrue(v.reason().contains("loopback"), v.reason());
    assertTrue(masto.requests.isEmpty());
  }

  @Test
  void hostileAnswers() {
    serve("", "", "", Map.of());
    masto.route("/users/alice", 200, "text/html", "<html>not an actor</html>");
    assertTrue(
        ((ProofLookup.Failed) plugin.fetch(alice, ctx))
            .verdict()
            .reason()
            .contains("wrong content type"));
    masto.route("/users/alice", 200, "application/activity+json", "[1,2,3]");
    assertInstanceOf(
        Verdict.Invalid.class, ((ProofLookup.Failed) plugin.fetch(alice, ctx)).verdict());
    masto.route("/users/alice", 200, "application/activity+json", "{\"id\": ");
    assertInstanceOf(
        Verdict.Invalid.class, ((ProofLookup.Failed) plugin.fetch(alice, ctx)).verdict());
  }

  @Test
  void htmlStripping() {
    assertEquals(
        "a\n\nb <script> & é \" x",
        Html.text(
            "<p>a</p><br>b &lt;script&gt; &amp; &#233; &quot; <script>alert(1)</script><b>x</b>"));
  }
}
