package dev.kez.core.chain;

import dev.kez.core.claim.Claim;
import dev.kez.core.claim.ClaimVerifier;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A claim judged against a verified chain: a claim whose key never had authority in the chain is
 * not this identity's ({@code invalid}); a claim whose account the chain revoked is {@code
 * revoked}; otherwise the claim stands on its own signature and expiry.
 */
public final class ClaimInChain {
  private ClaimInChain() {}

  /**
   * Checks a claim against a chain seen through one or more sources: a forked chain makes the
   * result {@code fork}, a broken or empty one makes it that chain's verdict.
   */
  public static Verdict check(Claim claim, List<List<Link>> sources, Clock clock) {
    Forks.Merged merged = Forks.merge(sources, clock);
    if (merged.state() == null) {
      Verdict v = merged.verdict();
      return switch (v) {
        case Verdict.Fork f -> f;
        case Verdict.NotFound n -> Verdict.invalid("the chain has no links", claim.canonicalJson());
        default ->
            Verdict.invalid(
                "the chain does not verify: " + v.reason(), v.evidence().toArray(String[]::new));
      };
    }
    return check(claim, merged.state(), clock.instant());
  }

  public static Verdict check(Claim claim, ChainState state, Instant now) {
    String evidence = claim.canonicalJson();
    if (!state.everHadAuthority(claim.key())) {
      return Verdict.invalid(
          "key " + claim.key() + " never had authority in chain " + state.chain(), evidence);
    }
    AccountState account = state.accounts().get(claim.account());
    if (account != null && account.status() == Status.REVOKED) {
      return Verdict.revoked(claim.account() + " was revoked in chain " + state.chain(), evidence);
    }
    Verdict own = ClaimVerifier.verify(claim, now);
    if (!own.isValid()) return own;
    if (account != null
        && account.expiresAt() != null
        && now.getEpochSecond() >= account.expiresAt()) {
      return Verdict.expired(
          claim.account()
              + "'s add in chain "
              + state.chain()
              + " expired at "
              + Instant.ofEpochSecond(account.expiresAt()),
          evidence);
    }
    return own;
  }
}
