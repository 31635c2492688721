package dev.kez.channels.identity;

import static dev.kez.channels.http.TestServer.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.http.TestServer;
import dev.kez.channels.identity.IdentityGraph.AccountNode;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.Link;
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
 * 50 accounts (github and ap) whose every answer comes after a fixed delay: verifying the
 * whole identity must cost about one account's worth of waiting, not fifty.
 */
class FanOutTest {
  static final int ACCOUNTS = 50;
  static final long DELAY_MS = Long.getLong("kez.fanout.delay", 300);
  @TempDir Path tmp;

  @Test
  void fiftyAccountsCostAboutOne() throws Exception {
    try (World w = new World()) {
      SecretKey key = SecretKey.generate(Algorithm.ED25519);
      for (int i = 0; i < ACCOUNTS; i++) {
        Account a = Account.parse(i % 2 == 0 ? "github:user" + i : "ap:user" + i + "@social.test");
        Claim c = Claim.builder(a).createdAt(World.T0).sign(key);
        w.append(Link.add(w.state(), c, key, w.tick()));
        publishSlowly(w.server, a, c);
      }
      Path chain = tmp.resolve("chain.jsonl");
      Files.writeString(chain, Bundle.toString(w.links));
      Account first = Account.parse("github:user0");
      IdentityVerifier v = w.verifier();
      v.verify(first, options(w, List.of())); // warm-up: class loading, TLS and client set-up

      long t0 = System.nanoTime();
      IdentityGraph alone = v.verify(first, options(w, List.of()));
      long single = System.nanoTime() - t0;
      t0 = System.nanoTime();
      IdentityGraph all = v.verify(first, options(w, List.of(chain)));
      long whole = System.nanoTime() - t0;

      assertEquals(Status.VALID, alone.verdict().status());
      assertEquals(ACCOUNTS, all.accounts().size());
      for (AccountNode n : all.accounts()) assertEquals(Status.VALID, n.verdict().status(), n.account() + ": " + n.verdict().reason());
      double ratio = (double) whole / single;
      System.out.printf("verify id, %d accounts at %d ms per answer: %.0f ms; one account: %.0f ms; ratio %.2f%n",
          ACCOUNTS, DELAY_MS, whole / 1e6, single / 1e6, ratio);
      // Target 1.5x (issue 4); the bound here leaves room for a loaded 2-core CI machine.
      // Run one after another, the 50 accounts would take about 50x.
      assertTrue(ratio < 3.0, "ratio " + ratio);
    }
  }

  private static IdentityVerifier.Options options(World w, List<Path> chains) {
    return new IdentityVerifier.Options(w.context(Duration.ofSeconds(20)), chains, List.of(), World.NOW, s -> { });
  }

  private static void publishSlowly(TestServer s, Account a, Claim c) {
    String user = a.id().contains("@") ? a.id().substring(0, a.id().indexOf('@')) : a.id();
    if (a.channel() == Account.Channel.GITHUB) {
      String raw = "/raw/" + user + "/aa5a315d61ae9438b18d/raw/kez.md";
      slow(s, "/users/" + user + "/gists?per_page=100", "application/json",
          fixture("github/gists.json", Map.of("base", s.base(), "owner", user, "file", "kez.md", "public", "true")));
      slow(s, raw, "text/plain", fixture("github/kez.md", Map.of("login", user, "claim", c.canonicalJson())));
    } else {
      Map<String, String> v = Map.of("user", user, "host", "social.test", "actorhost", "social.test", "idhost", "social.test",
          "preferred", user, "summary", "<p>" + c.canonicalJson().replace("\"", "&quot;") + "</p>", "field", "", "note", "");
      slow(s, "/.well-known/webfinger?resource=acct%3A" + user + "%40social.test", "application/jrd+json", fixture("ap/webfinger.json", v));
      slow(s, "/users/" + user, "application/activity+json", fixture("ap/actor.json", v));
    }
  }

  private static void slow(TestServer s, String path, String type, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    s.route(path, ex -> new TestServer.Answer(200, type, b, Map.of(), DELAY_MS));
  }
}
