package dev.kez.core.chain;

import dev.kez.core.claim.Claim;
import dev.kez.core.claim.ClaimVerifier;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;
import java.time.Instant;

/**
 * A claim judged against a verified chain: a claim whose key never had authority in the chain
 * is not this identity's ({@code invalid}); a claim whose account the chain revoked is
 * {@code revoked}; otherwise the claim stands on its own signature and expiry.
 */
public final class ClaimInChain {
  private ClaimInChain() {}

  public static Verdict check(Claim claim, ChainState state, Instant now) {
    String evidence = claim.canonicalJson();
    if (!state.everHadAuthority(claim.key())) {
      return Verdict.invalid("key " + claim.key() + " never had authority in chain " + state.chain(), evidence);
    }
    AccountState account = state.accounts().get(claim.account());
    if (account != null && account.status() == Status.REVOKED) {
      return Verdict.revoked(claim.account() + " was revoked in chain " + state.chain(), evidence);
    }
    Verdict own = ClaimVerifier.verify(claim, now, null);
    if (!own.isValid()) return own;
    if (account != null && account.expiresAt() != null && now.getEpochSecond() >= account.expiresAt()) {
      return Verdict.expired(claim.account() + "'s add in chain " + state.chain() + " expired at "
          + Instant.ofEpochSecond(account.expiresAt()), evidence);
    }
    return own;
  }
}
