package dev.kez.core.chain;

import dev.kez.core.claim.Account;
import dev.kez.core.crypto.PublicKey;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a chain says after its last link: an immutable snapshot.
 *
 * @param chain the chain's name, the key string of link 1 (null when empty)
 * @param primaryKey the current primary key (null when empty)
 * @param activeDevices device keys that may sign add and revoke now
 * @param accounts each account ever added, by its latest add
 * @param head the hash of the last link, what the next link's {@code prev} holds (null when empty)
 * @param length the number of links, which is the last seq
 * @param lastCreatedAt the last link's created_at (links may not go back in time)
 * @param devices every added, not revoked device with its expiry (Long.MAX_VALUE: none), expired or
 *     not
 * @param authorities every key that was ever primary or a device, for {@link ClaimInChain}
 */
public record ChainState(
    @Nullable String chain,
    @Nullable PublicKey primaryKey,
    Set<PublicKey> activeDevices,
    Map<Account, AccountState> accounts,
    @Nullable String head,
    long length,
    long lastCreatedAt,
    Map<PublicKey, Long> devices,
    Set<PublicKey> authorities) {

  public static final ChainState EMPTY =
      new ChainState(null, null, Set.of(), Map.of(), null, 0, Long.MIN_VALUE, Map.of(), Set.of());

  public ChainState {
    // accounts and devices keep chain order, so every rendering of a state (--json, tables) is
    // stable
    activeDevices =
        java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(activeDevices));
    accounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(accounts));
    devices = Map.copyOf(devices);
    authorities = Set.copyOf(authorities);
  }

  public static ChainState empty() {
    return EMPTY;
  }

  public boolean isEmpty() {
    return length == 0;
  }

  /** Whether the key was ever primary or an added device in this chain. */
  public boolean everHadAuthority(PublicKey key) {
    return authorities.contains(key);
  }
}
