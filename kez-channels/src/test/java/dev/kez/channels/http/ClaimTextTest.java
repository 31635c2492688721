package dev.kez.channels.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class ClaimTextTest {
  private final Claim claim = Claim.builder(Account.parse("github:alice")).createdAt(1764150000).sign(SecretKey.generate(Algorithm.ED25519));

  @Test
  void findsFencedInlineAndNothing() {
    assertEquals(claim, ClaimText.find("Hi\n\n```kez\n" + claim.canonicalJson() + "\n```\n").claims().get(0));
    assertEquals(claim, ClaimText.find("~~~~ kez\n" + claim.canonicalJson() + "\n~~~~\n").claims().get(0));
    assertEquals(claim, ClaimText.find("my proof: " + claim.canonicalJson() + " thanks").claims().get(0));
    assertEquals(1, ClaimText.find("```kez\n" + claim.canonicalJson() + "\n```\nand again " + claim.canonicalJson()).claims().size());
    // the first kind present wins: a fence hides inline claims (SPEC §10.4)
    Claim other = Claim.builder(Account.parse("github:bob")).createdAt(1764150000).sign(SecretKey.generate(Algorithm.ED25519));
    assertEquals(java.util.List.of(claim), ClaimText.find("```kez\n" + claim.canonicalJson() + "\n```\n" + other.canonicalJson()).claims());
    assertTrue(ClaimText.find("{\"kez\":\"0.2\",\"type\":\"claim\"}").problems().size() == 1, "a JSON object with kez is a candidate");
    assertTrue(!ClaimText.find("nothing {\"a\":1} here").sawCandidate());
  }

  @Test
  void damagedClaimIsAProblemNotSilence() {
    String broken = claim.canonicalJson().replace("\"created_at\":1764150000", "\"created_at\":\"soon\"");
    ClaimText.Result r = ClaimText.find("```kez\n" + broken + "\n```");
    assertTrue(r.claims().isEmpty());
    assertTrue(r.sawCandidate());
  }

  @Test
  void findsCompactStringsInProse() {
    String compact = dev.kez.core.encoding.ClaimCodec.encode(claim, dev.kez.core.encoding.Encoding.COMPACT);
    assertEquals(java.util.List.of(claim), ClaimText.find("Verifying my kez identity: " + compact + " #kez").claims());
    assertEquals(java.util.List.of(claim), ClaimText.find("```kez\n" + compact + "\n```").claims());
    assertTrue(ClaimText.find("broken: kez:z1:AAAA").problems().size() == 1);
  }
}
