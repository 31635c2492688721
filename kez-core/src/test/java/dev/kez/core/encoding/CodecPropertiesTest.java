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
import dev.kez.core.testing.Tries;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * decode(encode(claim, f)) == claim for every f; no single bit flip yields a different valid claim.
 */
class CodecPropertiesTest {
  @Test
  void everyEncodingRoundTrips() {
    Tries.run(120, r -> everyEncodingRoundTrips(RandomClaims.claim(r)));
  }

  private static void everyEncodingRoundTrips(Claim claim) {
    assertEquals(
        ClaimVerifier.verify(claim, Instant.ofEpochSecond(claim.createdAt()), claim.account())
            .status(),
        dev.kez.core.status.Status.VALID);
    for (Encoding f : Encoding.values()) {
      ClaimCodec.Decoded d = ClaimCodec.decode(ClaimCodec.encode(claim, f));
      assertEquals(claim, d.claim(), f.wireName());
      assertEquals(f, d.encoding());
    }
    // one-line JSON, as published where characters are counted (kez-channels' ChannelSizesTest:
    // every channel's form)
    assertEquals(claim, ClaimCodec.decode(claim.canonicalJson()).claim(), "one-line json");
    assertEquals(claim, ClaimCodec.decodeTxt(ClaimCodec.txtStrings(claim)));
    assertEquals(claim, Claim.parse(claim.canonicalJson()));
  }

  /**
   * A flipped bit of the signed JCS bytes never yields a valid claim that says something else.
   * (JSON text can spell one value two ways, e.g. {@code \u000b} and {@code \u000B}; such a flip
   * yields the very same claim, equal JCS bytes, which is no forgery.)
   */
  @Test
  void aFlippedBitOfTheSignedJsonFails() {
    Tries.run(
        200,
        r -> {
          Claim claim = RandomClaims.claim(r);
          aFlippedBitOfTheSignedJsonFails(claim, r.nextInt(claim.canonicalBytes().length * 8));
        });
  }

  private static void aFlippedBitOfTheSignedJsonFails(Claim claim, int bit) {
    byte[] bytes = claim.canonicalBytes();
    bytes[bit / 8] ^= (byte) (1 << (bit % 8));
    Verdict v;
    Claim parsed;
    try {
      parsed = Claim.parse(new String(bytes, StandardCharsets.UTF_8));
      v = ClaimVerifier.verify(parsed, Instant.ofEpochSecond(claim.createdAt()), null);
    } catch (MalformedException e) {
      return;
    }
    if (v.isValid())
      assertArrayEquals(
          claim.canonicalBytes(), parsed.canonicalBytes(), "a flip changed a valid claim");
  }

  @Test
  void aFlippedBitOfTheSignatureFails() {
    Tries.run(200, r -> aFlippedBitOfTheSignatureFails(RandomClaims.claim(r), r.nextInt(64 * 8)));
  }

  private static void aFlippedBitOfTheSignatureFails(Claim claim, int bit) {
    byte[] sig = claim.signature();
    sig[bit / 8] ^= (byte) (1 << (bit % 8));
    assertFalse(claim.key().verify(claim.digest(), sig));
    ObjectNode json = claim.toJson();
    json.put("sig", Base64Url.encode(sig));
    Claim forged = Claim.parse(json);
    assertFalse(
        ClaimVerifier.verify(forged, Instant.ofEpochSecond(forged.createdAt()), null).isValid());
  }
}
