package dev.kez.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.status.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one decision every channel makes: claims found, else the first damaged candidate is invalid,
 * else not found.
 */
class FindingsTest {
  static final Claim CLAIM =
      Claim.builder(Account.parse("github:alice"))
          .createdAt(1764150000)
          .sign(SecretKey.generate(Algorithm.ED25519));
  static final List<Evidence> EVIDENCE =
      List.of(new Evidence("https://x/1", Instant.EPOCH, 200, "text/plain", "00", new byte[0]));

  static ProofLookup decide(Findings f) {
    return f.lookup(
        EVIDENCE,
        p -> Verdict.invalid("damaged: " + p, "here"),
        Verdict.notFound("nothing here", "here"));
  }

  @Test
  void claimsAreFoundAtTheFirstPlaceThatHoldsOneAndOutrankProblems() {
    Findings f = new Findings();
    f.scan("no claim here", "a");
    f.scan("kez:z1:AAAA", "b"); // looks like a claim, does not decode
    f.scan("my proof: " + ClaimCodec.encode(CLAIM, Encoding.COMPACT), "c");
    f.scan(CLAIM.canonicalJson(), "d");
    ProofLookup.Found found = assertInstanceOf(ProofLookup.Found.class, decide(f));
    assertEquals(List.of(CLAIM, CLAIM), found.claims());
    assertEquals("c", found.location());
    assertEquals(EVIDENCE, found.evidence());
  }

  @Test
  void theFirstProblemMakesItInvalid() {
    Findings f = new Findings();
    f.problem("first");
    f.scan("kez:z1:AAAA", "b");
    Verdict v = assertInstanceOf(ProofLookup.Failed.class, decide(f)).verdict();
    assertEquals(Verdict.invalid("damaged: first", "here"), v);
  }

  @Test
  void nothingIsNotFound() {
    Findings f = new Findings();
    f.scan("hello", "a");
    assertTrue(f.isEmpty());
    ProofLookup.Failed failed = assertInstanceOf(ProofLookup.Failed.class, decide(f));
    assertEquals(Verdict.notFound("nothing here", "here"), failed.verdict());
    assertEquals(EVIDENCE, failed.evidence());
  }
}
