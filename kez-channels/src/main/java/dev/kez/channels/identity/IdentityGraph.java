package dev.kez.channels.identity;

import dev.kez.channels.Evidence;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.status.Verdict;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code kez verify id} found: the asked-for account's verdict, the chain (when one was
 * found), the identity's keys and devices, and every account with its own typed verdict. Evidence
 * and claims ride along for {@code --save-evidence}; renderers decide what to show.
 */
public record IdentityGraph(
    Account subject,
    Verdict verdict,
    @Nullable Chain chain,
    List<KeyNode> keys,
    List<AccountNode> accounts,
    Instant checkedAt) {
  public IdentityGraph {
    keys = List.copyOf(keys);
    accounts = List.copyOf(accounts);
  }

  /** Roles a key plays; wire names in {@code --json}. */
  public enum Role {
    PRIMARY,
    FORMER_PRIMARY,
    DEVICE,
    REVOKED_DEVICE,
    CLAIM_KEY;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A key: {@code rotatedTo} is the next primary (former primaries), null otherwise. */
  public record KeyNode(String key, Role role, @Nullable String name, @Nullable String rotatedTo) {}

  /**
   * One chain source as fetched: where from ({@code file:…}, a server URL, a gist) and its raw
   * JSONL, or the typed failure that kept us from reading it.
   */
  public record ChainSource(
      String origin, @Nullable String jsonl, @Nullable Verdict failure, List<Evidence> evidence) {
    public ChainSource {
      evidence = List.copyOf(evidence);
    }
  }

  /** The merged chain: its name (eldest key), verdict, length and head; null fields when broken. */
  public record Chain(
      @Nullable String id,
      Verdict verdict,
      long length,
      @Nullable String head,
      List<ChainSource> sources) {
    public Chain {
      sources = List.copyOf(sources);
    }
  }

  /**
   * One account: its verdict, the key that signed the claim judged (null when none), where the
   * proof was found, whether it is the asked-for account, and what was fetched.
   */
  public record AccountNode(
      Account account,
      Verdict verdict,
      @Nullable String key,
      @Nullable String location,
      boolean asked,
      List<Claim> claims,
      List<Evidence> evidence) {
    public AccountNode {
      claims = List.copyOf(claims);
      evidence = List.copyOf(evidence);
    }
  }
}
