package dev.kez.core.chain;

import dev.kez.core.MalformedException;
import dev.kez.core.chain.ChainException.Rule;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.status.Status;
import java.time.Clock;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Replays a chain link by link, checking every rule of SPEC.md §6.5. It keeps only the state (keys,
 * devices, one entry per account), never the links, so a chain of any length streams through in
 * memory bounded by its accounts and keys. The clock decides expiry only: whether a chain's links
 * are valid never depends on when it is verified.
 */
public final class ChainVerifier {
  private record Entry(Claim claim, long seq, @Nullable Long expiresAt, boolean revoked) {}

  private final Clock clock;
  private @Nullable String chain;
  private @Nullable PublicKey primary;
  private final Map<PublicKey, Long> devices = new LinkedHashMap<>();
  private final Map<Account, Entry> accounts = new LinkedHashMap<>();
  private final Set<PublicKey> authorities = new HashSet<>();
  private @Nullable String head;
  private long length;
  private long lastCreatedAt = Long.MIN_VALUE;
  private boolean trusted; // replaying links verified before: every rule but the signatures

  private ChainVerifier(Clock clock) {
    this.clock = clock;
  }

  /**
   * Replays links that were fully verified before, by this party, such as a store's own rows: every
   * rule of §6.5 but the signature checks (step 5), which are most of a replay's cost. Never for
   * links from anyone else.
   */
  public static ChainVerifier startTrusted(Clock clock) {
    ChainVerifier v = new ChainVerifier(clock);
    v.trusted = true;
    return v;
  }

  public static ChainVerifier start() {
    return start(Clock.systemUTC());
  }

  public static ChainVerifier start(Clock clock) {
    return new ChainVerifier(clock);
  }

  /** Continues after a known state (e.g. a local chain) to check new links. */
  public static ChainVerifier resume(ChainState st, Clock clock) {
    ChainVerifier v = new ChainVerifier(clock);
    v.chain = st.chain();
    v.primary = st.primaryKey();
    v.devices.putAll(st.devices());
    st.accounts()
        .forEach((a, s) ->
            v.accounts.put(
                a, new Entry(s.claim(), s.addedAt(), s.expiresAt(), s.status() == Status.REVOKED)));
    v.authorities.addAll(st.authorities());
    v.head = st.head();
    v.length = st.length();
    v.lastCreatedAt = st.lastCreatedAt();
    return v;
  }

  /** Replays a whole chain with the system clock. */
  public static ChainResult verify(Iterator<Link> links) {
    return verify(links, Clock.systemUTC());
  }

  /**
   * Replays a whole chain; a malformed or rule-breaking link ends it as {@link ChainResult.Broken}.
   */
  public static ChainResult verify(Iterator<Link> links, Clock clock) {
    ChainVerifier v = start(clock);
    try {
      while (links.hasNext()) v.feed(links.next());
    } catch (ChainException e) {
      return new ChainResult.Broken(e.seq(), e.rule(), e.reason());
    } catch (Bundle.OutOfOrderException e) {
      return new ChainResult.Broken(v.length + 1, Rule.SEQ, e.getMessage());
    } catch (MalformedException e) {
      return new ChainResult.Broken(v.length + 1, Rule.MALFORMED, e.getMessage());
    }
    return new ChainResult.Verified(v.state());
  }

  /** Checks the next link against every rule and applies it; returns the new state. */
  public ChainState append(Link link) {
    feed(link);
    return state();
  }

  /** As {@link #append} without making a snapshot of the state (the streaming path). */
  public void feed(Link link) {
    long at = length + 1;
    if (link.seq() != at) {
      throw new ChainException(
          at,
          Rule.SEQ,
          "found seq "
              + link.seq()
              + " where "
              + at
              + " was expected"
              + (link.seq() < at ? " (a duplicate or out of order)" : " (a link is missing)"));
    }
    if (length > 0 && !link.prev().equals(Optional.ofNullable(head))) {
      throw new ChainException(at, Rule.PREV, "\"prev\" is not the hash of link " + length);
    }
    if (link.createdAt() < lastCreatedAt) {
      throw new ChainException(
          at,
          Rule.CREATED_AT,
          "created_at " + link.createdAt() + " is before the previous link's " + lastCreatedAt);
    }
    checkAuthority(at, link);
    if (!trusted && !link.signatureValid())
      throw new ChainException(at, Rule.SIG, "\"sig\" does not verify for key " + link.key());
    apply(at, link);
    if (length == 0) {
      chain = link.key().encoded();
      if (primary == null) primary = link.key(); // a rotate at link 1 has already set the new one
      authorities.add(link.key());
    }
    head = link.hash();
    length = at;
    lastCreatedAt = link.createdAt();
  }

  private void checkAuthority(long at, Link link) {
    PublicKey key = link.key();
    if (length == 0 || key.equals(primary)) return; // link 1 is signed by the eldest key
    Long deviceExpiry = devices.get(key);
    if (deviceExpiry != null) {
      if (!link.op().deviceMaySign())
        throw new ChainException(
            at,
            Rule.DEVICE_OP,
            "a device key may not sign " + link.op() + " (only the primary key may)");
      if (link.createdAt() >= deviceExpiry)
        throw new ChainException(
            at, Rule.DEVICE_EXPIRED, "device key " + key + " expired at " + deviceExpiry);
      return;
    }
    if (authorities.contains(key))
      throw new ChainException(
          at,
          Rule.AUTHORITY_ENDED,
          "key " + key + " no longer has authority (rotated away or revoked)");
    throw new ChainException(
        at, Rule.NO_AUTHORITY, "key " + key + " has no authority in this chain");
  }

  private void apply(long at, Link link) {
    PublicKey signer = link.key();
    switch (link.body()) {
      case LinkBody.Add(Claim claim) -> {
        if (!claim.key().equals(signer))
          throw new ChainException(at, Rule.CLAIM_KEY, "the claim's key is not the link's key");
        if (!trusted && !link.claimValid())
          throw new ChainException(at, Rule.CLAIM_SIG, "the claim's signature does not verify");
        Long expiry = min(claim.expiresAt().orElse(null), link.expiresAt().orElse(null));
        accounts.put(claim.account(), new Entry(claim, at, expiry, false));
      }
      case LinkBody.Revoke(Account account) -> {
        Entry e = accounts.get(account);
        if (e == null)
          throw new ChainException(
              at, Rule.REVOKE_UNKNOWN, "revokes " + account + ", which was never added");
        if (e.revoked())
          throw new ChainException(
              at, Rule.REVOKE_REVOKED, "revokes " + account + ", which is already revoked");
        accounts.put(account, new Entry(e.claim(), e.seq(), e.expiresAt(), true));
      }
      case LinkBody.Rotate(PublicKey next) -> {
        if (next.equals(signer))
          throw new ChainException(at, Rule.ROTATE_SAME_KEY, "rotates to the same key");
        if (devices.containsKey(next))
          throw new ChainException(
              at,
              Rule.ROTATE_TO_DEVICE,
              "rotates to an active device key (revoke the device first)");
        if (!trusted && !link.crossSignatureValid())
          throw new ChainException(
              at, Rule.CROSS_SIG, "\"new_key_sig\" does not verify for new_key " + next);
        primary = next;
        authorities.add(signer);
        authorities.add(next);
      }
      case LinkBody.AddDevice add -> {
        PublicKey device = add.deviceKey();
        if (device.equals(signer))
          throw new ChainException(at, Rule.DEVICE_IS_PRIMARY, "adds the primary key as a device");
        if (devices.containsKey(device))
          throw new ChainException(
              at, Rule.DEVICE_ACTIVE, "adds device " + device + ", which is already active");
        if (!trusted && !link.crossSignatureValid())
          throw new ChainException(
              at, Rule.CROSS_SIG, "\"device_sig\" does not verify for device_key " + device);
        devices.put(device, link.expiresAt().orElse(Long.MAX_VALUE));
        authorities.add(device);
      }
      case LinkBody.RevokeDevice(PublicKey device) -> {
        if (devices.remove(device) == null)
          throw new ChainException(
              at,
              Rule.DEVICE_NOT_ACTIVE,
              "revokes device " + device + ", which is not an active device");
      }
    }
  }

  /**
   * Whether the link, as the next one, is signed as it must be (authority, sig, cross-signature, an
   * add's claim) regardless of its seq, prev and time: the test for a fork's evidence.
   */
  public boolean validlySigned(Link link) {
    try {
      checkAuthority(length + 1, link);
    } catch (ChainException e) {
      return false;
    }
    if (!link.signatureValid() || !link.crossSignatureValid()) return false;
    return link.claimValid();
  }

  private static @Nullable Long min(@Nullable Long a, @Nullable Long b) {
    return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
  }

  public long length() {
    return length;
  }

  /** A snapshot of the state so far, with statuses and active devices as of the clock's now. */
  public ChainState state() {
    long now = clock.instant().getEpochSecond();
    Map<Account, AccountState> snapshot = new LinkedHashMap<>();
    accounts.forEach((a, e) ->
        snapshot.put(
            a,
            new AccountState(
                e.revoked()
                    ? Status.REVOKED
                    : e.expiresAt() != null && now >= e.expiresAt() ? Status.EXPIRED : Status.VALID,
                e.claim(),
                e.seq(),
                e.expiresAt())));
    Set<PublicKey> active = new LinkedHashSet<>();
    devices.forEach((k, exp) -> {
      if (now < exp) active.add(k);
    });
    return new ChainState(
        chain, primary, active, snapshot, head, length, lastCreatedAt, devices, authorities);
  }
}
