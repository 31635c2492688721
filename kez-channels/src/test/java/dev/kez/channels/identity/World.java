package dev.kez.channels.identity;

import static dev.kez.channels.http.TestServer.fixture;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.ap.ActivityPubChannel;
import dev.kez.channels.ap.ApActor;
import dev.kez.channels.bluesky.AuthorFeed;
import dev.kez.channels.bluesky.BlueskyChannel;
import dev.kez.channels.github.GitHubChannel;
import dev.kez.channels.http.TestServer;
import dev.kez.core.chain.ChainState;
import dev.kez.core.chain.ChainVerifier;
import dev.kez.core.chain.Link;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One loopback double playing GitHub, a Mastodon server and Bluesky (AppView, PLC, the handle's web
 * host) for alice, and a helper to build her sigchain link by link; {@link #publishSlowly} serves
 * any github or ap account's proof (FanOutTest, kez-bench's FanOutBench).
 */
public final class World implements AutoCloseable {
  static final long T0 = 1764150000;
  static final Instant NOW = Instant.ofEpochSecond(T0 + 86400);
  static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
  static final Account GITHUB = Account.parse("github:alice");
  static final Account AP = Account.parse("ap:alice@social.test");
  static final Account BLUESKY = Account.parse("bluesky:alice.test");

  final TestServer server = TestServer.start();
  final List<Link> links = new ArrayList<>();
  private final ArrayNode gists = Json.mapper().createArrayNode();
  private ChainVerifier chain = ChainVerifier.start(Clock.fixed(NOW, ZoneOffset.UTC));
  private long t = T0;

  ChannelContext context(Duration timeout) {
    return new ChannelContext(
        Map.of(
            "GITHUB_API",
            server.base(),
            "AP_WEB",
            server.base(),
            "BLUESKY_APPVIEW",
            server.base(),
            "BLUESKY_PLC",
            server.base() + "/plc",
            "BLUESKY_WEB",
            server.base()),
        null,
        List.of(),
        timeout,
        true,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  IdentityVerifier verifier() {
    return IdentityVerifier.of(
        List.of(
            new GitHubChannel(null),
            new ActivityPubChannel(),
            new BlueskyChannel((n, c) -> List.of())));
  }

  static Claim claim(Account a, SecretKey k) {
    return Claim.builder(a).createdAt(T0).sign(k);
  }

  ChainState state() {
    return chain.state();
  }

  Link append(Link l) {
    chain.append(l);
    links.add(l);
    return l;
  }

  long tick() {
    return t += 60;
  }

  void publish(Claim c) {
    switch (c.account().channel()) {
      case GITHUB -> {
        gist(
            "kez.md",
            fixture("github/kez.md", Map.of("login", "alice", "claim", c.canonicalJson())));
      }
      case AP -> {
        Map<String, String> v = ApActor.holding("alice", c);
        server.route(
            "/.well-known/webfinger?resource=acct%3Aalice%40social.test",
            200, "application/jrd+json", fixture("ap/webfinger.json", v));
        server.route("/users/alice", 200, "application/activity+json", fixture("ap/actor.json", v));
      }
      case BLUESKY -> {
        server.route("/.well-known/atproto-did", 200, "text/plain", DID);
        server.json(
            "/plc/" + DID,
            fixture("bluesky/did-plc.json", Map.of("did", DID, "handle", "alice.test")));
        server.json(
            "/xrpc/app.bsky.feed.getAuthorFeed?actor=did%3Aplc%3Aewvi7nxzyoun6zhxrhs64oiz&limit=100",
            AuthorFeed.of(DID, "alice.test", "kez proof " + c.canonicalJson()));
      }
      default -> throw new IllegalArgumentException(c.account().toString());
    }
  }

  /** Adds a public gist of alice holding one file. */
  void gist(String file, String content) {
    String path = "/raw/alice/aa5a315d61ae9438b18d/raw/" + file;
    String list =
        fixture(
            "github/gists.json",
            Map.of("base", server.base(), "owner", "alice", "file", file, "public", "true"));
    var g = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(list).get(0);
    g.put("id", "gist-" + file).put("html_url", "https://gist.github.com/gist-" + file);
    gists.add(g);
    server.json("/users/alice/gists?per_page=100", Json.write(gists));
    server.route(path, 200, "text/plain; charset=utf-8", content);
  }

  /**
   * Serves {@code c}, the claim of {@code a} (github or ap), on {@code s}: each answer after {@code
   * delayMs}.
   */
  public static void publishSlowly(TestServer s, Account a, Claim c, long delayMs) {
    String user = a.id().contains("@") ? a.id().substring(0, a.id().indexOf('@')) : a.id();
    if (a.channel() == Account.Channel.GITHUB) {
      String raw = "/raw/" + user + "/aa5a315d61ae9438b18d/raw/kez.md";
      slow(
          s,
          delayMs,
          "/users/" + user + "/gists?per_page=100",
          "application/json",
          fixture(
              "github/gists.json",
              Map.of("base", s.base(), "owner", user, "file", "kez.md", "public", "true")));
      slow(
          s,
          delayMs,
          raw,
          "text/plain",
          fixture("github/kez.md", Map.of("login", user, "claim", c.canonicalJson())));
    } else {
      Map<String, String> v = ApActor.holding(user, c);
      slow(
          s,
          delayMs,
          "/.well-known/webfinger?resource=acct%3A" + user + "%40social.test",
          "application/jrd+json",
          fixture("ap/webfinger.json", v));
      slow(s, delayMs, "/users/" + user, "application/activity+json", fixture("ap/actor.json", v));
    }
  }

  /** Answers {@code path} on {@code s} with {@code body} after {@code delayMs}. */
  public static void slow(TestServer s, long delayMs, String path, String type, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    s.route(path, ex -> new TestServer.Answer(200, type, b, Map.of(), delayMs));
  }

  @Override
  public void close() {
    server.close();
  }
}
