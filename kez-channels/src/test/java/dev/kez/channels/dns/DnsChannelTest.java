package dev.kez.channels.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.ProofLookup;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.claim.ClaimVerifier;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DnsChannel against dnsmasq on loopback (see {@link DnsmasqServer}). */
class DnsChannelTest {
  private static final DnsChannel CHANNEL = new DnsChannel();
  private static final SecretKey KEY = SecretKey.generate(Algorithm.NOSTR);
  private static final SecretKey OTHER_KEY = SecretKey.generate(Algorithm.ED25519);
  private static final long NOW = Instant.now().getEpochSecond();

  private static Claim alice;
  private static Claim aliceOther;
  private static DnsmasqServer dns;

  @BeforeAll
  static void start() throws Exception {
    byte[] noise = new byte[150];
    new SecureRandom().nextBytes(noise);
    // An incompressible note makes the compact string longer than one 255-byte character-string.
    alice =
        Claim.builder(account("alice.test")).createdAt(NOW).note(Base64Url.encode(noise)).sign(KEY);
    aliceOther = Claim.builder(account("alice.test")).createdAt(NOW).sign(OTHER_KEY);
    Claim bob = Claim.builder(account("bob.test")).createdAt(NOW).sign(KEY);
    Claim tampered =
        Claim.parse(
            bob.canonicalJson().replace("\"created_at\":" + NOW, "\"created_at\":" + (NOW - 1)));
    Claim carol = Claim.builder(account("carol.test")).createdAt(NOW).sign(KEY);
    String carolGarbled = String.join("", ClaimCodec.txtStrings(carol)).substring(0, 40) + "AAAA";
    assertTrue(ClaimCodec.txtStrings(alice).size() >= 2, "the test wants a multi-string record");
    dns =
        DnsmasqServer.start(
            List.of(
                "local=/test/",
                txt("_kez.alice.test", ClaimCodec.txtStrings(alice)),
                txt("_kez.alice.test", ClaimCodec.txtStrings(aliceOther)),
                txt("_kez.alice.test", List.of("v=spf1 -all")),
                txt("_kez.bob.test", ClaimCodec.txtStrings(tampered)),
                txt("_kez.carol.test", List.of(carolGarbled)),
                txt("_kez.dave.test", List.of("google-site-verification=abc")),
                "address=/erin.test/127.0.0.3"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (dns != null) dns.close();
  }

  private static String txt(String name, List<String> strings) {
    return "txt-record="
        + name
        + ","
        + strings.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(","));
  }

  private static Account account(String domain) {
    return Account.parse("dns:" + domain);
  }

  private static ChannelContext ctx(String server) {
    return new ChannelContext(
        Map.of(), server, List.of(), Duration.ofSeconds(5), false, Clock.systemUTC());
  }

  private static Verdict failed(ProofLookup lookup) {
    return assertInstanceOf(ProofLookup.Failed.class, lookup, lookup::toString).verdict();
  }

  @Test
  void findsEveryKezRecordAndIgnoresOthers() {
    ProofLookup lookup = CHANNEL.fetch(account("alice.test"), ctx(dns.address()));
    ProofLookup.Found found = assertInstanceOf(ProofLookup.Found.class, lookup, lookup::toString);
    assertEquals(2, found.claims().size());
    assertTrue(found.claims().containsAll(List.of(alice, aliceOther)));
    for (Claim c : found.claims())
      assertTrue(ClaimVerifier.verify(c, Instant.now(), account("alice.test")).isValid());
    assertTrue(found.location().contains("_kez.alice.test"), found.location());
    assertEquals(1, found.evidence().size());
    assertTrue(
        found.evidence().get(0).url().startsWith("dns://" + dns.address() + "/_kez.alice.test"));
  }

  @Test
  void nxdomainIsNotFound() {
    Verdict v = failed(CHANNEL.fetch(account("nobody.test"), ctx(dns.address())));
    assertEquals(Status.NOT_FOUND, v.status(), v.reason());
  }

  @Test
  void aNameWithoutTxtIsNotFound() {
    Verdict v = failed(CHANNEL.fetch(account("erin.test"), ctx(dns.address())));
    assertEquals(Status.NOT_FOUND, v.status(), v.reason());
  }

  @Test
  void onlyNonKezRecordsIsNotFound() {
    Verdict v = failed(CHANNEL.fetch(account("dave.test"), ctx(dns.address())));
    assertEquals(Status.NOT_FOUND, v.status(), v.reason());
    assertTrue(v.reason().contains("1 other TXT record ignored"), v.reason());
  }

  @Test
  void aTamperedClaimIsFoundButDoesNotVerify() {
    ProofLookup lookup = CHANNEL.fetch(account("bob.test"), ctx(dns.address()));
    Claim c = assertInstanceOf(ProofLookup.Found.class, lookup, lookup::toString).claims().get(0);
    Verdict v = ClaimVerifier.verify(c, Instant.now(), account("bob.test"));
    assertEquals(Status.INVALID, v.status(), v.reason());
  }

  @Test
  void aGarbledRecordIsInvalid() {
    Verdict v = failed(CHANNEL.fetch(account("carol.test"), ctx(dns.address())));
    assertEquals(Status.INVALID, v.status(), v.reason());
  }

  @Test
  void aDeadServerIsUnreachable() throws Exception {
    Verdict v =
        failed(CHANNEL.fetch(account("alice.test"), ctx("127.0.0.1:" + DnsmasqServer.freePort())));
    Verdict.Unreachable u = assertInstanceOf(Verdict.Unreachable.class, v);
    assertTrue(u.retryable());
  }

  @Test
  void publishInstructionsGiveTheZoneLine() {
    assertEquals(
        "Add the TXT record line above to the zone of alice.test (one record; its strings are joined in order).",
        CHANNEL.publishInstructions(account("alice.test"), alice, Encoding.DNS_TXT));
    String text = CHANNEL.publishInstructions(account("alice.test"), alice, Encoding.JSON);
    assertTrue(text.contains("_kez.alice.test."), text);
    assertTrue(text.contains("IN TXT"), text);
    assertTrue(text.contains(ClaimCodec.txtStrings(alice).get(1)), text);
  }
}
