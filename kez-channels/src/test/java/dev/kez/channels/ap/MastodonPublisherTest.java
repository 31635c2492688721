package dev.kez.channels.ap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.ProofPublisher;
import dev.kez.channels.ProofPublisher.Outcome;
import dev.kez.channels.http.TestServer;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.status.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Mastodon client API publisher against a real Fedify actor server with the Mastodon routes;
 * what it writes is what the reader finds.
 */
class MastodonPublisherTest {
  static final Account ALICE = Account.parse("ap:alice@social.example");
  static final String TOKEN = "mastodon-token-Zq3v8RkL0pX2mN7tY5wB";
  private static FedifyServer server;
  private static ChannelContext ctx;
  private final ActivityPubChannel channel = new ActivityPubChannel();
  private final ProofPublisher publisher = channel.publisher().orElseThrow();
  private final SecretKey key = SecretKey.generate(Algorithm.ED25519);

  @BeforeAll
  static void start() throws Exception {
    server =
        FedifyServer.start(
            "alice", "social.example", TOKEN + ":write:statuses,write:accounts", "read-only:read");
    ctx = TestServer.context(Map.of("AP_WEB", server.base()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Each test starts from an account with no proof. */
  @AfterEach
  void clean() {
    publisher.unpublish(ALICE, new ProofPublisher.Credential(TOKEN), ctx, false, null);
  }

  private Outcome publish(Claim c, String token, boolean dryRun, String where) {
    return publisher.publish(
        new ProofPublisher.Request(
            c,
            channel.preferredEncoding(c),
            new ProofPublisher.Credential(token),
            ctx,
            dryRun,
            null,
            where));
  }

  private Claim claim(long t) {
    return Claim.builder(ALICE).createdAt(t).sign(key);
  }

  @Test
  void aStatusThenAReplacementThenNone() {
    Outcome.Published first =
        assertInstanceOf(Outcome.Published.class, publish(claim(1764150000), TOKEN, false, null));
    assertTrue(first.location().startsWith(server.base() + "/@alice/"), first.location());
    ProofLookup firstRead = channel.fetch(ALICE, ctx);
    assertInstanceOf(ProofLookup.Found.class, firstRead, firstRead::toString);
    Claim newer = claim(1764150100);
    Outcome.Published second =
        assertInstanceOf(Outcome.Published.class, publish(newer, TOKEN, false, null));
    assertTrue(
        second.report().stream().anyMatch(r -> r.startsWith("deleted the earlier proof status")),
        second.report()::toString);
    assertEquals(
        List.of(newer),
        assertInstanceOf(ProofLookup.Found.class, channel.fetch(ALICE, ctx)).claims(),
        "one proof");
    assertInstanceOf(
        Outcome.Published.class,
        publisher.unpublish(ALICE, new ProofPublisher.Credential(TOKEN), ctx, false, null));
    assertInstanceOf(
        Verdict.NotFound.class,
        assertInstanceOf(ProofLookup.Failed.class, channel.fetch(ALICE, ctx)).verdict());
  }

  @Test
  void aProfileField() {
    Claim c = claim(1764150000);
    Outcome.Published p =
        assertInstanceOf(Outcome.Published.class, publish(c, TOKEN, false, "profile"));
    assertTrue(p.location().endsWith("#field-kez"), p.location());
    ProofLookup.Found f = assertInstanceOf(ProofLookup.Found.class, channel.fetch(ALICE, ctx));
    assertEquals(List.of(c), f.claims());
    assertTrue(f.location().endsWith("#field-kez"), f.location());
    publisher.unpublish(ALICE, new ProofPublisher.Credential(TOKEN), ctx, false, null);
    assertInstanceOf(ProofLookup.Failed.class, channel.fetch(ALICE, ctx));
  }

  @Test
  void aRefusedTokenNamesItselfAndChangesNothing() {
    Outcome.Refused scope =
        assertInstanceOf(
            Outcome.Refused.class, publish(claim(1764150000), "read-only", false, null));
    assertTrue(
        scope.credentialRejected()
            && scope.reason().contains("HTTP 403")
            && scope.reason().contains("nothing was changed"),
        scope.reason());
    Outcome.Refused bad =
        assertInstanceOf(
            Outcome.Refused.class, publish(claim(1764150000), "no-such-token", false, null));
    assertTrue(bad.credentialRejected() && bad.reason().contains("HTTP 401"), bad.reason());
    assertFalse(bad.reason().contains("no-such-token"));
    assertInstanceOf(ProofLookup.Failed.class, channel.fetch(ALICE, ctx));
  }

  @Test
  void aDryRunMasksTheTokenAndPostsNothing() {
    Outcome.Planned plan =
        assertInstanceOf(Outcome.Planned.class, publish(claim(1764150000), TOKEN, true, null));
    String text = String.join("\n", plan.requests());
    assertTrue(
        text.startsWith("POST " + server.base() + "/api/v1/statuses\nAuthorization: Bearer ***"),
        text);
    assertFalse(text.contains(TOKEN));
    assertInstanceOf(ProofLookup.Failed.class, channel.fetch(ALICE, ctx));
  }
}
