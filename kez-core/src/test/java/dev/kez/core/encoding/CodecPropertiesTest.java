package dev.kez.core.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Claim;
import dev.kez.core.claim.ClaimVerifier;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.status.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** decode(encode(claim, f)) == claim for every f; no single bit flip yields a different valid claim. */
class CodecPropertiesTest {
  record Flip(Claim claim, int bit) {}

  @Provide
  Arbitrary<Claim> claims() {
    return ClaimArbitraries.claims();
  }

  @Provide
  Arbitrary<Flip> jcsFlips() {
    return claims().flatMap(c -> Arbitraries.integers().between(0, c.canonicalBytes().length * 8 - 1).map(b -> new Flip(c, b)));
  }

  @Provide
  Arbitrary<Flip> sigFlips() {
    return Combinators.combine(claims(), Arbitraries.integers().between(0, 64 * 8 - 1)).as(Flip::new);
  }

  @Property(tries = 120)
  void everyEncodingRoundTrips(@ForAll("claims") Claim claim) {
    assertEquals(ClaimVerifier.verify(claim, Instant.ofEpochSecond(claim.createdAt()), claim.account()).status(),
        dev.kez.core.status.Status.VALID);
    for (Encoding f : Encoding.values()) {
      ClaimCodec.Decoded d = ClaimCodec.decode(ClaimCodec.encode(claim, f));
      assertEquals(claim, d.claim(), f.wireName());
      assertEquals(f, d.encoding());
    }
    // one-line JSON, as published where characters are counted (kez-channels' ChannelSizesTest: every channel's form)
    assertEquals(claim, ClaimCodec.decode(claim.canonicalJson()).claim(), "one-line json");
    assertEquals(claim, ClaimCodec.decodeTxt(ClaimCodec.txtStrings(claim)));
    assertEquals(claim, Claim.parse(claim.canonicalJson()));
  }

  /**
   * A flipped bit of the signed JCS bytes never yields a valid claim that says something
   * else. (JSON text can spell one value two ways, e.g. {@code \u000b} and {@code \u000B}; such
   * a flip yields the very same claim, equal JCS bytes, which is no forgery.)
   */
  @Property(tries = 200)
  void aFlippedBitOfTheSignedJsonFails(@ForAll("jcsFlips") Flip flip) {
    byte[] bytes = flip.claim().canonicalBytes();
    bytes[flip.bit() / 8] ^= (byte) (1 << (flip.bit() % 8));
    Verdict v;
    Claim parsed;
    try {
      parsed = Claim.parse(new String(bytes, StandardCharsets.UTF_8));
      v = ClaimVerifier.verify(parsed, Instant.ofEpochSecond(flip.claim().createdAt()), null);
    } catch (MalformedException e) {
      return;
    }
    if (v.isValid()) assertArrayEquals(flip.claim().canonicalBytes(), parsed.canonicalBytes(), "a flip changed a valid claim");
  }

  @Property(tries = 200)
  void aFlippedBitOfTheSignatureFails(@ForAll("sigFlips") Flip flip) {
    byte[] sig = flip.claim().signature();
    sig[flip.bit() / 8] ^= (byte) (1 << (flip.bit() % 8));
    assertFalse(flip.claim().key().verify(flip.claim().digest(), sig));
    ObjectNode json = flip.claim().toJson();
    json.put("sig", Base64Url.encode(sig));
    Claim forged = Claim.parse(json);
    assertFalse(ClaimVerifier.verify(forged, Instant.ofEpochSecond(forged.createdAt()), null).isValid());
  }
}
