package dev.kez.core.chain;

import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.Digests;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.status.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A simple model of a chain (who is primary, which devices, each account's status) that builds a
 * real chain from abstract steps, so tests can compare the verifier with the model. Each step is an
 * int pair (kind, pick); a step impossible in the current state becomes an add.
 */
public final class ChainModel {
  public static final long T0 = 1_764_150_000L;

  public SecretKey primary = key("eldest", Algorithm.NOSTR);
  public final Map<PublicKey, SecretKey> devices = new LinkedHashMap<>();
  public final Map<Account, Status> accounts = new HashMap<>();
  public final Set<PublicKey> authorities = new HashSet<>(Set.of(primary.publicKey()));
  public final List<Link> links = new ArrayList<>();
  private ChainState state = ChainState.EMPTY;
  private int fresh;

  /** A deterministic key from a name, so failing cases replay identically. */
  public static SecretKey key(String name, Algorithm alg) {
    return SecretKey.fromSecret(alg, Digests.sha256(name.getBytes(StandardCharsets.UTF_8)));
  }

  public static Account account(int i) {
    return Account.parse("github:user" + i);
  }

  public long now() {
    return T0 + 100L * (links.size() + 1);
  }

  public ChainState state() {
    return state;
  }

  /** Applies one abstract step: kind 0 add, 1 revoke, 2 rotate, 3 add device, 4 revoke device. */
  public Link step(int kind, int pick) {
    List<SecretKey> devs = new ArrayList<>(devices.values());
    Link link;
    switch (kind) {
      case 1 -> {
        List<Account> valid =
            accounts.entrySet().stream()
                .filter(e -> e.getValue() == Status.VALID)
                .map(Map.Entry::getKey)
                .sorted((a, b) -> a.toString().compareTo(b.toString()))
                .toList();
        if (valid.isEmpty()) return step(0, pick);
        Account a = valid.get(pick % valid.size());
        link = Links.revoke(state, a, signer(pick, devs), now());
        accounts.put(a, Status.REVOKED);
      }
      case 2 -> {
        SecretKey next =
            key("rotated" + fresh++, pick % 2 == 0 ? Algorithm.NOSTR : Algorithm.ED25519);
        link = Links.rotate(state, primary, next, now());
        primary = next;
        authorities.add(next.publicKey());
      }
      case 3 -> {
        SecretKey device =
            key("device" + fresh++, pick % 2 == 0 ? Algorithm.ED25519 : Algorithm.NOSTR);
        link = Links.addDevice(state, primary, device, "device " + fresh, now());
        devices.put(device.publicKey(), device);
        authorities.add(device.publicKey());
      }
      case 4 -> {
        if (devs.isEmpty()) return step(0, pick);
        PublicKey d = devs.get(pick % devs.size()).publicKey();
        link = Links.revokeDevice(state, primary, d, now());
        devices.remove(d);
      }
      default -> {
        SecretKey signer = signer(pick, devs);
        Account a = account(pick % 5);
        Claim claim = Claim.builder(a).createdAt(now()).sign(signer);
        link = Links.add(state, claim, signer, now());
        accounts.put(a, Status.VALID);
      }
    }
    links.add(link);
    state = ChainVerifier.resume(state, java.time.Clock.systemUTC()).append(link);
    return link;
  }

  /** The primary, or a device, by pick. */
  private SecretKey signer(int pick, List<SecretKey> devs) {
    int i = pick % (devs.size() + 1);
    return i == devs.size() ? primary : devs.get(i);
  }

  public static ChainModel build(List<int[]> steps) {
    ChainModel m = new ChainModel();
    for (int[] s : steps) m.step(s[0], s[1]);
    return m;
  }
}
