package dev.kez.channels.nostr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.ProofPublisher;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.claim.ClaimVerifier;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.json.Json;
import dev.kez.core.nostr.NostrEvent;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** NostrChannel against real relays on loopback (see {@link NostrRelayServer}). */
class NostrChannelTest {
  private static final long NOW = Instant.now().getEpochSecond();
  private static final List<List<String>> KEZ_TAG = List.of(List.of("d", "kez"));
  private static final NostrChannel CHANNEL = new NostrChannel();

  private static NostrRelayServer relayA;
  private static NostrRelayServer relayB;
  private static NostrRelayServer hostile;
  private static NostrRelayServer silent;

  private static final SecretKey TAMPERED_ID = key();
  private static final SecretKey TAMPERED_SIG = key();
  private static final SecretKey STRANGER = key();
  private static final SecretKey VICTIM = key();

  @BeforeAll
  static void start() throws Exception {
    relayA = NostrRelayServer.start();
    relayB = NostrRelayServer.start();
    silent = NostrRelayServer.silent();
    // A hostile relay: it serves a forged event for VICTIM's account (another author's valid
    // event, re-labelled), events with a changed content or a foreign signature, and ignores
    // filters.
    NostrEvent good = event(TAMPERED_ID, claim(TAMPERED_ID, NOW).canonicalJson(), NOW);
    NostrEvent changedContent =
        new NostrEvent(
            good.id(),
            good.pubkey(),
            good.createdAt(),
            good.kind(),
            good.tags(),
            claim(TAMPERED_ID, NOW + 1).canonicalJson(),
            good.sig());
    NostrEvent real = event(TAMPERED_SIG, claim(TAMPERED_SIG, NOW).canonicalJson(), NOW);
    NostrEvent foreignSig =
        new NostrEvent(
            real.id(),
            real.pubkey(),
            real.createdAt(),
            real.kind(),
            real.tags(),
            real.content(),
            event(STRANGER, real.content(), NOW).sig());
    NostrEvent strangers = event(STRANGER, claim(VICTIM, NOW).canonicalJson(), NOW);
    hostile = NostrRelayServer.hostile(List.of(changedContent, foreignSig, strangers), true);
  }

  @AfterAll
  static void stop() throws Exception {
    for (NostrRelayServer r : new NostrRelayServer[] {relayA, relayB, hostile, silent})
      if (r != null) r.close();
  }

  private static SecretKey key() {
    return SecretKey.generate(Algorithm.NOSTR);
  }

  private static Account account(SecretKey key) {
    return Account.parse("nostr:" + key.publicKey().encoded());
  }

  private static Claim claim(SecretKey key, long createdAt) {
    return Claim.builder(account(key)).createdAt(createdAt).sign(key);
  }

  private static NostrEvent event(SecretKey key, String content, long createdAt) {
    return NostrEvent.sign(key, createdAt, NostrChannel.KIND, KEZ_TAG, content);
  }

  /** A generous timeout: answering relays end at EOSE, and the machine may be busy. */
  private static ChannelContext ctx(boolean allowPrivate, String... relays) {
    return ctx(Duration.ofSeconds(10), allowPrivate, relays);
  }

  private static ChannelContext ctx(Duration timeout, boolean allowPrivate, String... relays) {
    return new ChannelContext(
        Map.of(), null, List.of(relays), timeout, allowPrivate, Clock.systemUTC());
  }

  private static ChannelContext ctx(String... relays) {
    return ctx(true, relays);
  }

  private static void publish(NostrEvent e, NostrRelayServer... relays) {
    for (NostrRelayServer r : relays) {
      List<NostrPublisher.Result> results = NostrPublisher.publish(e, List.of(r.url()));
      assertTrue(results.get(0).accepted(), results.toString());
    }
  }

  private static Verdict failed(ProofLookup lookup) {
    return assertInstanceOf(ProofLookup.Failed.class, lookup, lookup::toString).verdict();
  }

  @Test
  void findsThePublishedClaimAndItVerifies() {
    SecretKey k = key();
    Claim claim = claim(k, NOW);
    publish(NostrChannel.proofEvent(k, claim, NOW), relayA);
    ProofLookup lookup = CHANNEL.fetch(account(k), ctx(relayA.url()));
    ProofLookup.Found found = assertInstanceOf(ProofLookup.Found.class, lookup, lookup::toString);
    assertEquals(List.of(claim), found.claims());
    assertTrue(found.location().contains(relayA.url()), found.location());
    assertTrue(ClaimVerifier.verify(found.claims().get(0), Instant.now(), account(k)).isValid());
    assertTrue(
        new String(found.evidence().get(0).body())
            .contains(claim.canonicalJson().replace("\"", "\\\"")));
  }

  @Test
  void publishesItsOwnProofWithTheAccountsNsecAndFindsIt() {
    SecretKey k = key();
    Claim claim = claim(k, NOW);
    ProofPublisher publisher = CHANNEL.publisher().orElseThrow();
    java.util.function.BiFunction<String, ChannelContext, ProofPublisher.Outcome> publish =
        (nsec, c) ->
            publisher.publish(
                new ProofPublisher.Request(
                    claim, Encoding.JSON, new ProofPublisher.Credential(nsec), c, false, null));
    ProofPublisher.Outcome out = publish.apply(k.toNsec(), ctx(relayA.url()));
    ProofPublisher.Outcome.Published p =
        assertInstanceOf(ProofPublisher.Outcome.Published.class, out, out::toString);
    assertTrue(p.location().contains(relayA.url()), p.location());
    assertEquals(
        List.of(claim),
        assertInstanceOf(ProofLookup.Found.class, CHANNEL.fetch(account(k), ctx(relayA.url())))
            .claims());

    String other = key().toNsec();
    ProofPublisher.Outcome.Refused wrongKey =
        assertInstanceOf(
            ProofPublisher.Outcome.Refused.class, publish.apply(other, ctx(relayA.url())));
    assertTrue(wrongKey.reason().contains("not the key of"), wrongKey.reason());
    assertFalse(
        wrongKey.reason().contains(other)
            || new ProofPublisher.Credential(other).toString().contains(other));
    ProofPublisher.Outcome.Refused garbage =
        assertInstanceOf(
            ProofPublisher.Outcome.Refused.class,
            publish.apply("nsec1notasecret", ctx(relayA.url())));
    assertFalse(garbage.reason().contains("nsec1notasecret"), garbage.reason());
  }

  @Test
  void aCompactClaimIsReadToo() {
    SecretKey k = key();
    Claim claim = claim(k, NOW);
    publish(event(k, ClaimCodec.encode(claim, Encoding.COMPACT), NOW), relayA);
    ProofLookup lookup = CHANNEL.fetch(account(k), ctx(relayA.url()));
    assertEquals(
        List.of(claim),
        assertInstanceOf(ProofLookup.Found.class, lookup, lookup::toString).claims());
  }

  @Test
  void theNewestEventWinsAcrossRelays() {
    SecretKey k = key();
    Claim older = claim(k, NOW - 100);
    Claim newer = claim(k, NOW);
    publish(event(k, older.canonicalJson(), NOW - 100), relayA);
    publish(event(k, newer.canonicalJson(), NOW), relayB);
    ProofLookup lookup = CHANNEL.fetch(account(k), ctx(relayA.url(), relayB.url()));
    assertEquals(
        List.of(newer),
        assertInstanceOf(ProofLookup.Found.class, lookup, lookup::toString).claims());
  }

  @Test
  void nothingPublishedIsNotFound() {
    Verdict v = failed(CHANNEL.fetch(account(key()), ctx(relayA.url(), relayB.url())));
    assertEquals(Status.NOT_FOUND, v.status(), v.reason());
  }

  @Test
  void oneRelayDownAndOneEmptyIsNotFound() throws Exception {
    Verdict v =
        failed(CHANNEL.fetch(account(key()), ctx("ws://127.0.0.1:" + closedPort(), relayA.url())));
    assertEquals(Status.NOT_FOUND, v.status(), v.reason());
  }

  @Test
  void anEventWhoseContentChangedIsInvalid() {
    Verdict v = failed(CHANNEL.fetch(account(TAMPERED_ID), ctx(hostile.url())));
    assertEquals(Status.INVALID, v.status(), v.reason());
    assertTrue(v.reason().contains("id does not match"), v.reason());
  }

  @Test
  void anEventWithAForeignSignatureIsInvalid() {
    Verdict v = failed(CHANNEL.fetch(account(TAMPERED_SIG), ctx(hostile.url())));
    assertEquals(Status.INVALID, v.status(), v.reason());
    assertTrue(v.reason().contains("signature does not verify"), v.reason());
  }

  @Test
  void aTamperedCopyDoesNotHideTheRealEvent() {
    Claim real = claim(TAMPERED_ID, NOW - 10);
    publish(event(TAMPERED_ID, real.canonicalJson(), NOW - 10), relayB);
    ProofLookup lookup = CHANNEL.fetch(account(TAMPERED_ID), ctx(hostile.url(), relayB.url()));
    assertEquals(
        List.of(real),
        assertInstanceOf(ProofLookup.Found.class, lookup, lookup::toString).claims());
  }

  @Test
  void anotherAuthorsEventIsIgnored() {
    // The hostile relay answers with STRANGER's valid event holding a valid claim for VICTIM.
    Verdict v = failed(CHANNEL.fetch(account(VICTIM), ctx(hostile.url())));
    assertEquals(Status.NOT_FOUND, v.status(), v.reason());
  }

  @Test
  void aClaimForAnotherAccountIsFoundButDoesNotVerifyForThisOne() {
    SecretKey k = key();
    SecretKey other = key();
    Claim forOther = Claim.builder(account(other)).createdAt(NOW).sign(k);
    publish(event(k, forOther.canonicalJson(), NOW), relayA);
    ProofLookup lookup = CHANNEL.fetch(account(k), ctx(relayA.url()));
    Claim found =
        assertInstanceOf(ProofLookup.Found.class, lookup, lookup::toString).claims().get(0);
    Verdict v = ClaimVerifier.verify(found, Instant.now(), account(k));
    assertEquals(Status.INVALID, v.status(), v.reason());
  }

  @Test
  void contentThatIsNoClaimIsInvalid() {
    SecretKey k = key();
    publish(event(k, "hello, not a claim", NOW), relayA);
    Verdict v = failed(CHANNEL.fetch(account(k), ctx(relayA.url())));
    assertEquals(Status.INVALID, v.status(), v.reason());
  }

  @Test
  void aClosedPortIsUnreachable() throws Exception {
    Verdict v = failed(CHANNEL.fetch(account(key()), ctx("ws://127.0.0.1:" + closedPort())));
    Verdict.Unreachable u = assertInstanceOf(Verdict.Unreachable.class, v);
    assertTrue(u.retryable());
    assertTrue(u.reason().contains("connection refused"), u.reason());
  }

  @Test
  void aRelayThatNeverSendsEoseTimesOutAsUnreachable() {
    long start = System.nanoTime();
    Verdict v =
        failed(CHANNEL.fetch(account(key()), ctx(Duration.ofSeconds(1), true, silent.url())));
    assertInstanceOf(Verdict.Unreachable.class, v);
    assertTrue(v.reason().contains("timeout"), v.reason());
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(8).toNanos());
  }

  @Test
  void aFloodingRelayIsCutOffAtOneMebibyte() throws Exception {
    // Other authors' events (ignored by the channel), so only the cut-off decides.
    List<NostrEvent> flood =
        List.of(
            event(STRANGER, "x".repeat(400_000), NOW),
            event(STRANGER, "y".repeat(400_000), NOW),
            event(STRANGER, "z".repeat(400_000), NOW));
    SecretKey k = key();
    try (NostrRelayServer flooding = NostrRelayServer.hostile(flood, true)) {
      Verdict v = failed(CHANNEL.fetch(account(k), ctx(flooding.url())));
      Verdict.Unreachable u = assertInstanceOf(Verdict.Unreachable.class, v);
      assertTrue(u.reason().contains("over " + RelayClient.MAX_BYTES + " bytes"), u.reason());
      assertFalse(u.retryable());
    }
  }

  @Test
  void theAuthorsRelayListIsFollowed() {
    SecretKey k = key();
    Claim claim = claim(k, NOW);
    publish(event(k, claim.canonicalJson(), NOW), relayB);
    publish(
        NostrEvent.sign(
            k,
            NOW,
            NostrChannel.RELAY_LIST_KIND,
            List.of(
                List.of("r", relayB.url() + "/"), List.of("r", "wss://read-only.invalid", "read")),
            ""),
        relayA);
    ProofLookup lookup = CHANNEL.fetch(account(k), ctx(relayA.url()));
    ProofLookup.Found found = assertInstanceOf(ProofLookup.Found.class, lookup, lookup::toString);
    assertEquals(List.of(claim), found.claims());
    assertTrue(found.location().contains(relayB.url()), found.location());
  }

  @Test
  void publishingGoesToTheAuthorsWriteRelaysTooAndReportsEachOk() {
    SecretKey k = key();
    Claim claim = claim(k, NOW);
    publish(
        NostrEvent.sign(
            k, NOW, NostrChannel.RELAY_LIST_KIND, List.of(List.of("r", relayB.url(), "write")), ""),
        relayA);
    ProofPublisher.Outcome out =
        CHANNEL
            .publisher()
            .orElseThrow()
            .publish(
                new ProofPublisher.Request(
                    claim,
                    Encoding.JSON,
                    new ProofPublisher.Credential(k.toNsec()),
                    ctx(relayA.url()),
                    false,
                    null));
    ProofPublisher.Outcome.Published p =
        assertInstanceOf(ProofPublisher.Outcome.Published.class, out, out::toString);
    assertEquals(2, p.report().size(), p.report()::toString);
    assertTrue(p.report().stream().allMatch(r -> r.contains(": OK")), p.report()::toString);
    // on relay B alone (the write relay the list named), the proof is there
    assertEquals(
        List.of(claim),
        assertInstanceOf(ProofLookup.Found.class, CHANNEL.fetch(account(k), ctx(relayB.url())))
            .claims());
    // unpublishing replaces it with an empty event: nothing to find (not a damaged proof)
    CHANNEL
        .publisher()
        .orElseThrow()
        .unpublish(
            account(k), new ProofPublisher.Credential(k.toNsec()), ctx(relayA.url()), false, null);
    Verdict gone = failed(CHANNEL.fetch(account(k), ctx(relayB.url())));
    assertInstanceOf(Verdict.NotFound.class, gone, gone::reason);
    assertTrue(gone.reason().contains("its proof was removed"), gone.reason());
  }

  @Test
  void loopbackRelaysAreRefusedWithoutAllowPrivate() {
    Verdict v = failed(CHANNEL.fetch(account(key()), ctx(false, relayA.url())));
    // the same status and words as an HTTP channel's refusal (SPEC.md §13.1; issue 11 §2)
    Verdict.Invalid u = assertInstanceOf(Verdict.Invalid.class, v);
    assertTrue(u.reason().contains("loopback"), u.reason());
    assertTrue(
        u.reason().contains("refused by local policy; --allow-private permits it"), u.reason());
  }

  @Test
  void relaysRejectTamperedEventsOnPublish() {
    SecretKey k = key();
    NostrEvent e = event(k, "x", NOW);
    NostrEvent bad =
        new NostrEvent(e.id(), e.pubkey(), e.createdAt(), e.kind(), e.tags(), "y", e.sig());
    NostrPublisher.Result r = NostrPublisher.publish(bad, List.of(relayA.url())).get(0);
    assertFalse(r.accepted(), r.toString());
    assertTrue(Json.write(bad.toJson()).contains("\"y\""));
  }

  private static int closedPort() throws Exception {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
