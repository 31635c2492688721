package dev.kez.channels.identity;

import dev.kez.core.chain.ChainState;
import dev.kez.core.chain.ClaimInChain;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.claim.ClaimVerifier;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The offline part of verifying an account: given the claims its channel holds and the identity's
 * chain (or none), which verdict stands. Shared by live verification and by {@code kez verify
 * evidence}, so both judge the same way.
 */
public final class Judge {
  private Judge() {}

  /** A verdict and the claim it rests on (null when no claim applied). */
  public record Judged(Verdict verdict, @Nullable Claim claim) {}

  /**
   * The best verdict over the claims found for the account: any valid one wins; otherwise the
   * chain's word (revoked), then expiry, then the first invalid reason.
   */
  public static Judged account(
      Account account, List<Claim> claims, @Nullable ChainState chain, Instant now) {
    Judged best = null;
    for (Claim c : claims) {
      Verdict v = ClaimVerifier.verify(c, now, account);
      // the chain speaks to well-signed claims for this account, expired ones too (revoked outranks
      // expired, SPEC §8.1)
      if (chain != null && (v.isValid() || v instanceof Verdict.Expired))
        v = ClaimInChain.check(c, chain, now);
      if (best == null || rank(v) < rank(best.verdict())) best = new Judged(v, c);
    }
    return best != null
        ? best
        : new Judged(Verdict.notFound("no claim for " + account + " at its proof location"), null);
  }

  private static int rank(Verdict v) {
    return switch (v.status()) {
      case VALID -> 0;
      case REVOKED -> 1;
      case EXPIRED -> 2;
      case FORK -> 3;
      case INVALID -> 4;
      case UNREACHABLE -> 5;
      case NOT_FOUND -> 6;
    };
  }

  /**
   * The chain's own word on an account it lists, without looking at its channel; empty: look at the
   * channel.
   */
  public static Optional<Verdict> fromChain(Account account, ChainState chain, Instant now) {
    var st = chain.accounts().get(account);
    if (st == null) return Optional.empty();
    if (st.status() == Status.REVOKED)
      return Optional.of(Verdict.revoked(account + " was revoked in chain " + chain.chain()));
    if (st.expiresAt() != null && now.getEpochSecond() >= st.expiresAt()) {
      return Optional.of(
          Verdict.expired(
              account
                  + "'s add in chain "
                  + chain.chain()
                  + " expired at "
                  + Instant.ofEpochSecond(st.expiresAt())));
    }
    return Optional.empty();
  }
}
