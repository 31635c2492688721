package dev.kez.channels.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.core.MalformedException;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClaimTextTest {
  private final Claim claim =
      Claim.builder(Account.parse("github:alice"))
          .createdAt(1764150000)
          .sign(SecretKey.generate(Algorithm.ED25519));

  @Test
  void findsFencedInlineAndNothing() {
    assertEquals(
        claim,
        ClaimText.find("Hi\n\n```kez\n" + claim.canonicalJson() + "\n```\n").claims().get(0));
    assertEquals(
        claim, ClaimText.find("~~~~ kez\n" + claim.canonicalJson() + "\n~~~~\n").claims().get(0));
    assertEquals(
        claim, ClaimText.find("my proof: " + claim.canonicalJson() + " thanks").claims().get(0));
    assertEquals(
        1,
        ClaimText.find(
                "```kez\n" + claim.canonicalJson() + "\n```\nand again " + claim.canonicalJson())
            .claims()
            .size());
    // the first kind present wins: a fence hides inline claims (SPEC §10.4)
    Claim other =
        Claim.builder(Account.parse("github:bob"))
            .createdAt(1764150000)
            .sign(SecretKey.generate(Algorithm.ED25519));
    assertEquals(
        java.util.List.of(claim),
        ClaimText.find("```kez\n" + claim.canonicalJson() + "\n```\n" + other.canonicalJson())
            .claims());
    assertTrue(
        ClaimText.find("{\"kez\":\"0.2\",\"type\":\"claim\"}").problems().size() == 1,
        "a JSON object with kez is a candidate");
    assertTrue(!ClaimText.find("nothing {\"a\":1} here").sawCandidate());
  }

  /**
   * Issue 10 §1: one fence reader (SPEC §5.3) for `verify claim` and the channels. Seeded random
   * Markdown built from fences of every kind (other info strings, "kez old", unclosed, nested
   * examples) gets the same answer from both: the same claim, or malformed for both.
   */
  @Test
  void fencesAreReadAsVerifyClaimReadsThem() {
    Claim example =
        Claim.builder(Account.parse("github:example"))
            .createdAt(1764150000)
            .sign(SecretKey.generate(Algorithm.ED25519));
    String[] bodies = {
      claim.canonicalJson(),
      example.canonicalJson(),
      ClaimCodec.encode(claim, Encoding.COMPACT),
      "{\"kez\":\"0.2\"}",
      "not a claim",
      ""
    };
    String[] openers = {
      "```kez",
      "~~~kez",
      "```` kez",
      "```kez old",
      "``` kez\t",
      "```json",
      "~~~markdown",
      "```",
      "   ```kez",
      "    ```kez",
      "```kezz",
      "```KEZ"
    };
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (int i = 0; i < 500; i++) {
      StringBuilder doc = new StringBuilder("# My proof\n\n");
      for (int blocks = 1 + random.nextInt(3); blocks > 0; blocks--) {
        String open = openers[random.nextInt(openers.length)];
        String close = open.strip().replaceAll("[^`~].*", "");
        doc.append(open).append('\n').append(bodies[random.nextInt(bodies.length)]).append('\n');
        if (random.nextInt(4) > 0)
          doc.append(random.nextBoolean() ? close : close + close.charAt(0)).append('\n');
        doc.append(random.nextBoolean() ? "text\n" : "\r\n");
      }
      String text = doc.toString();
      ClaimText.Result online = ClaimText.find(text);
      String context = "seed " + seed + ", document " + i + ":\n" + text;
      try {
        ClaimCodec.Decoded offline = ClaimCodec.decode(text);
        assertEquals(Encoding.MARKDOWN, offline.encoding(), context);
        assertEquals(List.of(offline.claim()), online.claims(), context);
      } catch (MalformedException e) {
        if (e.getMessage().startsWith("no KEZ claim found"))
          continue; // no kez fence: the other rules of §10.4 apply online
        assertEquals(List.of(), online.claims(), context);
        assertEquals(List.of(e.getMessage()), online.problems(), context);
      }
    }
  }

  @Test
  void damagedClaimIsAProblemNotSilence() {
    String broken =
        claim.canonicalJson().replace("\"created_at\":1764150000", "\"created_at\":\"soon\"");
    ClaimText.Result r = ClaimText.find("```kez\n" + broken + "\n```");
    assertTrue(r.claims().isEmpty());
    assertTrue(r.sawCandidate());
  }

  @Test
  void findsCompactStringsInProse() {
    String compact =
        dev.kez.core.encoding.ClaimCodec.encode(claim, dev.kez.core.encoding.Encoding.COMPACT);
    assertEquals(
        java.util.List.of(claim),
        ClaimText.find("Verifying my kez identity: " + compact + " #kez").claims());
    assertEquals(java.util.List.of(claim), ClaimText.find("```kez\n" + compact + "\n```").claims());
    assertTrue(ClaimText.find("broken: kez:z1:AAAA").problems().size() == 1);
  }
}
