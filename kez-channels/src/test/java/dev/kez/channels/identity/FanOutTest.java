package dev.kez.channels.identity;

import static dev.kez.channels.http.TestServer.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.http.TestServer;
import dev.kez.channels.identity.IdentityGraph.AccountNode;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.Links;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.status.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 50 accounts (github and ap) whose every answer comes after a fixed delay: the doubles must see
 * most of the fetches in flight at once, which is impossible if they ran one after another. (How
 * fast it is, as a ratio to one account, is kez-bench's job: {@code ./kez-bench.sh fanout}.)
 */
class FanOutTest {
  static final int ACCOUNTS = 50;
  static final long DELAY_MS = Long.getLong("kez.fanout.delay", 300);
  @TempDir Path tmp;

  @Test
  void fiftyAccountsAreFetchedConcurrently() throws Exception {
    try (World w = new World()) {
      SecretKey key = SecretKey.generate(Algorithm.ED25519);
      for (int i = 0; i < ACCOUNTS; i++) {
        Account a = Account.parse(i % 2 == 0 ? "github:user" + i : "ap:user" + i + "@social.test");
        Claim c = Claim.builder(a).createdAt(World.T0).sign(key);
        w.append(Links.add(w.state(), c, key, w.tick()));
        publishSlowly(w.server, a, c);
      }
      Path chain = tmp.resolve("chain.jsonl");
      Files.writeString(chain, Bundle.toString(w.links));
      IdentityVerifier v = w.verifier();

      IdentityGraph alone = v.verify(Account.parse("github:user0"), options(w, List.of()));
      assertEquals(Status.VALID, alone.verdict().status());
      assertTrue(
          w.server.peakInFlight() <= 1,
          "one account's fetches run one after another: " + w.server.peakInFlight());

      IdentityGraph all = v.verify(Account.parse("github:user0"), options(w, List.of(chain)));
      assertEquals(Status.VALID, all.verdict().status());
      assertEquals(ACCOUNTS, all.accounts().size());
      for (AccountNode n : all.accounts())
        assertEquals(Status.VALID, n.verdict().status(), n.account() + ": " + n.verdict().reason());
      // Each account's first request is held DELAY_MS by the double; fetched one after another, at
      // most 1 would be in flight.
      int peak = w.server.peakInFlight();
      assertTrue(
          peak >= 20,
          "at most " + peak + " of " + ACCOUNTS + " accounts' requests were in flight at once");
    }
  }

  private static IdentityVerifier.Options options(World w, List<Path> chains) {
    return new IdentityVerifier.Options(
        w.context(Duration.ofSeconds(20)), chains, List.of(), World.NOW, s -> {});
  }

  private static void publishSlowly(TestServer s, Account a, Claim c) {
    String user = a.id().contains("@") ? a.id().substring(0, a.id().indexOf('@')) : a.id();
    if (a.channel() == Account.Channel.GITHUB) {
      String raw = "/raw/" + user + "/aa5a315d61ae9438b18d/raw/kez.md";
      slow(
          s,
          "/users/" + user + "/gists?per_page=100",
          "application/json",
          fixture(
              "github/gists.json",
              Map.of("base", s.base(), "owner", user, "file", "kez.md", "public", "true")));
      slow(
          s,
          raw,
          "text/plain",
          fixture("github/kez.md", Map.of("login", user, "claim", c.canonicalJson())));
    } else {
      Map<String, String> v =
          Map.of(
              "user",
              user,
              "host",
              "social.test",
              "actorhost",
              "social.test",
              "idhost",
              "social.test",
              "preferred",
              user,
              "summary",
              "<p>" + c.canonicalJson().replace("\"", "&quot;") + "</p>",
              "field",
              "",
              "note",
              "");
      slow(
          s,
          "/.well-known/webfinger?resource=acct%3A" + user + "%40social.test",
          "application/jrd+json",
          fixture("ap/webfinger.json", v));
      slow(s, "/users/" + user, "application/activity+json", fixture("ap/actor.json", v));
    }
  }

  private static void slow(TestServer s, String path, String type, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    s.route(path, ex -> new TestServer.Answer(200, type, b, Map.of(), DELAY_MS));
  }
}
