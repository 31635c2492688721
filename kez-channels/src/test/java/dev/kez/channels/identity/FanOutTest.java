package dev.kez.channels.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.identity.IdentityGraph.AccountNode;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.Links;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.status.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        World.publishSlowly(w.server, a, c, DELAY_MS);
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
}
