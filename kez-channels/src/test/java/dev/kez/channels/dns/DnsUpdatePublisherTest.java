package dev.kez.channels.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.ProofPublisher;
import dev.kez.channels.ProofPublisher.Outcome;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.status.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 2136 updates with TSIG against a real BIND 9 on loopback; what is published is what
 * DnsChannel reads.
 */
class DnsUpdatePublisherTest {
  static BindServer bind;
  static final Account ALICE = Account.parse("dns:alice.example");
  final SecretKey key = SecretKey.generate(Algorithm.ED25519);
  final DnsChannel channel = new DnsChannel();
  final ProofPublisher publisher = channel.publisher().orElseThrow();

  @BeforeAll
  static void start() throws Exception {
    bind = BindServer.start("alice.example");
  }

  @AfterAll
  static void stop() throws Exception {
    bind.close();
  }

  ChannelContext ctx() {
    return new ChannelContext(
        Map.of(), bind.address(), List.of(), Duration.ofSeconds(5), true, Clock.systemUTC());
  }

  Outcome publish(Claim c, String tsig, boolean dryRun) {
    return publisher.publish(
        new ProofPublisher.Request(
            c, Encoding.DNS_TXT, new ProofPublisher.Credential(tsig), ctx(), dryRun, null));
  }

  @Test
  void publishReplacesThenUnpublishDeletes() {
    Claim first = Claim.builder(ALICE).createdAt(1764150000).sign(key);
    Outcome.Published p =
        assertInstanceOf(Outcome.Published.class, publish(first, bind.tsig(), false));
    assertTrue(
        p.location().contains("_kez.alice.example") && p.location().contains("zone alice.example"),
        p.location());
    Claim second = Claim.builder(ALICE).createdAt(1764150100).sign(key);
    assertInstanceOf(Outcome.Published.class, publish(second, bind.tsig(), false));
    ProofLookup.Found found =
        assertInstanceOf(ProofLookup.Found.class, channel.fetch(ALICE, ctx()));
    assertEquals(List.of(second), found.claims(), "one record: the second replaced the first");

    assertInstanceOf(
        Outcome.Published.class,
        publisher.unpublish(ALICE, new ProofPublisher.Credential(bind.tsig()), ctx(), false, null));
    assertInstanceOf(
        Verdict.NotFound.class,
        assertInstanceOf(ProofLookup.Failed.class, channel.fetch(ALICE, ctx())).verdict());
  }

  @Test
  void aWrongKeyIsRefusedNamingTheKeyNotTheSecretAndChangesNothing() {
    Claim c = Claim.builder(ALICE).createdAt(1764150000).sign(key);
    String wrong =
        BindServer.KEY_NAME
            + ":hmac-sha256:"
            + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    Outcome.Refused r = assertInstanceOf(Outcome.Refused.class, publish(c, wrong, false));
    assertTrue(r.credentialRejected() && r.reason().contains(BindServer.KEY_NAME), r.reason());
    assertFalse(r.reason().contains("AAAAAAAA"), r.reason());
    Outcome.Refused unknown =
        assertInstanceOf(
            Outcome.Refused.class,
            publish(c, "other-key:hmac-sha256:" + bind.tsig().split(":")[2], false));
    assertTrue(unknown.credentialRejected(), unknown.reason());
    Outcome.Refused garbage =
        assertInstanceOf(Outcome.Refused.class, publish(c, "just-a-secret", false));
    assertFalse(garbage.reason().contains("just-a-secret"));
  }

  @Test
  void aDryRunShowsTheUpdateWithTheSecretMasked() {
    Claim c = Claim.builder(ALICE).createdAt(1764150000).sign(key);
    Outcome.Planned plan = assertInstanceOf(Outcome.Planned.class, publish(c, bind.tsig(), true));
    String text = String.join("\n", plan.requests());
    assertTrue(
        text.contains("delete TXT _kez.alice.example.")
            && text.contains("\"kez:")
            && text.contains("secret ***"),
        text);
    assertFalse(text.contains(bind.tsig().split(":")[2]), text);
  }
}
