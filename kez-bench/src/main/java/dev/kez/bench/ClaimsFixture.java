package dev.kez.bench;

import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Typical signed claims for the benchmarks: one key per identity, accounts spread over the five
 * channels, a third of them with an expiry and a note. Seeded, so every run (and every JMH fork)
 * works on the same claims.
 */
final class ClaimsFixture {
  /** The verification time of the benchmarks: after every created_at, before every expires_at. */
  static final java.time.Instant NOW = java.time.Instant.ofEpochSecond(1_800_000_000L);

  private ClaimsFixture() {}

  static SecretKey key(Algorithm alg, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    while (true) {
      byte[] secret = new byte[32];
      r.nextBytes(secret);
      try {
        return SecretKey.fromSecret(alg, secret);
      } catch (RuntimeException e) {
        // an invalid secp256k1 scalar: draw again
      }
    }
  }

  /** The i-th typical claim, signed by the given key. */
  static Claim claim(SecretKey key, int i) {
    Account account =
        switch (i % 5) {
          case 0 -> Account.parse("github:user-" + i);
          case 1 -> Account.parse("dns:host" + i + ".example.org");
          case 2 -> Account.parse("bluesky:user" + i + ".bsky.social");
          case 3 -> Account.parse("ap:user" + i + "@mastodon.social");
          default ->
              Account.parse("nostr:" + key(Algorithm.NOSTR, 1_000_000L + i).publicKey().encoded());
        };
    Claim.Builder b = Claim.builder(account).createdAt(1_764_150_000L + i);
    if (i % 3 == 0) b.expiresAt(1_900_000_000L).note("my account #" + i + ", see my other proofs");
    return b.sign(key);
  }

  /** n claims by n different keys of one suite. */
  static List<Claim> claims(Algorithm alg, int n) {
    List<Claim> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(claim(key(alg, i), i));
    return out;
  }

  static List<String> encoded(List<Claim> claims, Encoding encoding) {
    List<String> out = new ArrayList<>(claims.size());
    for (Claim c : claims) out.add(ClaimCodec.encode(c, encoding));
    return out;
  }
}
