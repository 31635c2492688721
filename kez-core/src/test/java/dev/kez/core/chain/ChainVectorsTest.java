package dev.kez.core.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.claim.Account;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.Signing;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;
import dev.kez.core.testing.Vectors;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared sigchain vectors (chains.json and its .jsonl files), read unchanged. */
class ChainVectorsTest {
  static final JsonNode CHAINS = Vectors.json("chains.json");

  static List<Link> links(String file) {
    return Bundle.parse(Vectors.text(file));
  }

  @Test
  void validChainVerifiesToTheExpectedState() {
    JsonNode valid = CHAINS.get("valid");
    JsonNode expect = valid.get("expect");
    ChainResult result =
        ChainVerifier.verify(
            Bundle.read(new StringReader(Vectors.text(valid.get("file").asText()))));
    ChainState st = assertInstanceOf(ChainResult.Verified.class, result).state();
    assertEquals(expect.get("chain").asText(), st.chain());
    assertEquals(expect.get("length").asLong(), st.length());
    assertEquals(expect.get("head").asText(), st.head());
    assertEquals(PublicKey.parse(expect.get("primary_key").asText()), st.primaryKey());
    Set<PublicKey> devices = new HashSet<>();
    expect.get("active_devices").forEach(d -> devices.add(PublicKey.parse(d.asText())));
    assertEquals(devices, st.activeDevices());
    Map<Account, Status> accounts = new HashMap<>();
    expect
        .get("accounts")
        .properties()
        .forEach(e ->
            accounts.put(
                Account.parseNormalized(e.getKey()), Status.fromWireName(e.getValue().asText())));
    Map<Account, Status> actual = new HashMap<>();
    st.accounts().forEach((a, s) -> actual.put(a, s.status()));
    assertEquals(accounts, actual);
    assertTrue(result.toVerdict().isValid());
  }

  @Test
  void linkHashesMatch() {
    List<String> expected = new ArrayList<>();
    CHAINS.get("valid").get("link_hashes").forEach(h -> expected.add(h.asText()));
    assertEquals(expected, links("chain-valid.jsonl").stream().map(Link::hash).toList());
  }

  @Test
  void exportGivesBackTheSameBytes() {
    byte[] original = Vectors.bytes("chain-valid.jsonl");
    assertArrayEquals(
        original, Bundle.toString(links("chain-valid.jsonl")).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theOnePassDigestIsSigningDigest() {
    for (Link l : links("chain-valid.jsonl")) {
      assertArrayEquals(
          Signing.digest(l.toJson(), "new_key_sig", "device_sig"), l.digest(), "link " + l.seq());
      assertTrue(l.signatureValid() && l.crossSignatureValid());
    }
  }

  static Stream<JsonNode> cases() {
    List<JsonNode> out = new ArrayList<>();
    CHAINS.get("cases").forEach(out::add);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyCaseGetsItsStatus(JsonNode c) {
    String file = c.get("file").asText();
    Status expected = Status.fromWireName(c.get("expect").asText());
    // fork-at-seq-3's file is one extra link to be seen beside the valid chain: two sources
    Verdict verdict =
        expected == Status.FORK
            ? Forks.check(List.of(links(CHAINS.get("valid").get("file").asText()), links(file)))
            : ChainVerifier.verify(Bundle.read(new StringReader(Vectors.text(file)))).toVerdict();
    assertEquals(expected, verdict.status(), c.get("name").asText() + ": " + verdict.reason());
    if (expected == Status.FORK) return;
    // the same verdict through the several-sources path with one source (a malformed link is
    // invalid already)
    Status viaForks;
    try {
      viaForks = Forks.check(List.of(links(file))).status();
    } catch (dev.kez.core.MalformedException e) {
      viaForks = Status.INVALID;
    }
    assertEquals(expected, viaForks);
  }

  @Test
  void forkEvidenceHoldsBothLinks() {
    List<Link> valid = links("chain-valid.jsonl");
    List<Link> other = links("chain-fork.jsonl");
    Verdict v = Forks.check(List.of(valid, other));
    assertInstanceOf(Verdict.Fork.class, v);
    assertEquals(
        Set.of(valid.get(2).canonicalJson(), other.get(0).canonicalJson()),
        Set.copyOf(v.evidence()));
  }

  @Test
  void aSourceThatIsBehindIsNotAFork() {
    List<Link> valid = links("chain-valid.jsonl");
    Forks.Merged m = Forks.merge(List.of(valid.subList(0, 3), valid, valid.subList(0, 6)));
    assertTrue(m.verdict().isValid(), m.verdict().reason());
    assertEquals(valid, m.links());
    assertEquals(CHAINS.get("valid").get("expect").get("head").asText(), m.state().head());
  }

  @Test
  void brokenCasesNameTheLink() {
    assertBroken(4, ChainException.Rule.PREV, "chain-broken-prev.jsonl");
    assertBroken(3, ChainException.Rule.SEQ, "chain-dropped-link.jsonl");
    assertBroken(
        9,
        ChainException.Rule.AUTHORITY_ENDED,
        "chain-device-revokes-device.jsonl"); // revoked at 8 already
    assertBroken(
        9, ChainException.Rule.MALFORMED, "chain-rotate-unproven.jsonl"); // no new_key_sig at all
    assertBroken(9, ChainException.Rule.AUTHORITY_ENDED, "chain-old-key-after-rotate.jsonl");
    assertBroken(9, ChainException.Rule.AUTHORITY_ENDED, "chain-revoked-device-signs.jsonl");
  }

  private static void assertBroken(long seq, ChainException.Rule rule, String file) {
    ChainResult.Broken b = broken(file);
    assertEquals(seq, b.seq(), file + ": " + b.reason());
    assertEquals(rule, b.rule(), file + ": " + b.reason());
  }

  private static ChainResult.Broken broken(String file) {
    return assertInstanceOf(
        ChainResult.Broken.class,
        ChainVerifier.verify(Bundle.read(new StringReader(Vectors.text(file)))));
  }
}
