package dev.kez.core.claim;

import dev.kez.core.status.Verdict;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Offline checks of one claim: signature, expiry, and that it names the expected account. */
public final class ClaimVerifier {
  private ClaimVerifier() {}

  /** Checks a claim for whatever account it names. */
  public static Verdict verify(Claim claim, Instant now) {
    return verify(claim, now, null);
  }

  /**
   * @param expected the account the claim must be for, or null to accept any (as {@link
   *     #verify(Claim, Instant)})
   */
  public static Verdict verify(Claim claim, Instant now, @Nullable Account expected) {
    String evidence = claim.canonicalJson();
    if (expected != null && !expected.equals(claim.account())) {
      return Verdict.invalid("claim is for " + claim.account() + ", not " + expected, evidence);
    }
    if (!claim.signatureValid()) {
      return Verdict.invalid(
          "signature does not verify for key " + claim.key().encoded(), evidence);
    }
    if (claim.isExpiredAt(now)) {
      return Verdict.expired(
          "claim expired at " + Instant.ofEpochSecond(claim.expiresAt().orElseThrow()), evidence);
    }
    return Verdict.valid(claim.account() + " is controlled by " + claim.key().encoded(), evidence);
  }
}
