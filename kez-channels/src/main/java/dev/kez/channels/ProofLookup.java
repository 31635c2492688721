package dev.kez.channels;

import dev.kez.core.claim.Claim;
import dev.kez.core.status.Verdict;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a channel found for an account: claims (checked by the caller) or a typed failure. */
public sealed interface ProofLookup {
  /** Everything fetched on the way, for {@code --save-evidence}. */
  List<Evidence> evidence();

  /**
   * Claims found at the account's proof location, already confirmed to be published by the account
   * itself (owner, DID, actor, author checked). Signature, account match and expiry are checked by
   * the caller.
   */
  record Found(List<Claim> claims, @Nullable String location, List<Evidence> evidence)
      implements ProofLookup {
    public Found {
      claims = List.copyOf(claims);
      evidence = List.copyOf(evidence);
    }
  }

  /** No proof: the verdict is NotFound, Unreachable or Invalid, with its reason. */
  record Failed(Verdict verdict, List<Evidence> evidence) implements ProofLookup {
    public Failed {
      evidence = List.copyOf(evidence);
    }
  }
}
