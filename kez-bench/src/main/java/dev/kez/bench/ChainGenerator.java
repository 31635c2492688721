package dev.kez.bench;

import dev.kez.core.chain.ChainState;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.Links;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.Digests;
import dev.kez.core.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Makes a valid chain link by link, holding only the head and the keys, so a chain of any length
 * can be produced lazily. The mix: adds and revokes over a fixed set of accounts, a device added
 * every 997 links (and revoked 500 links later, after signing adds), a rotate every 10,007 links:
 * every op and both suites (nostr primary, Ed25519 devices).
 */
public final class ChainGenerator implements Iterator<Link> {
  static final long T0 = 1_764_150_000L;
  private static final int ACCOUNTS = 100;

  private final long length;
  private long seq;
  private String head;
  private SecretKey primary = key("primary-0", Algorithm.NOSTR);
  private SecretKey device;
  private long deviceSince;
  private int rotations;
  private final boolean[] added = new boolean[ACCOUNTS];

  public ChainGenerator(long length) {
    this.length = length;
  }

  static SecretKey key(String name, Algorithm alg) {
    return SecretKey.fromSecret(alg, Digests.sha256(name.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public boolean hasNext() {
    return seq < length;
  }

  @Override
  public Link next() {
    if (!hasNext()) throw new NoSuchElementException();
    ChainState st =
        new ChainState(null, null, Set.of(), Map.of(), head, seq, T0, Map.of(), Set.of());
    long n = seq + 1;
    long t = T0 + n;
    Link link;
    if (n % 10_007 == 0) {
      SecretKey next = key("primary-" + ++rotations, Algorithm.NOSTR);
      link = Links.rotate(st, primary, next, t);
      primary = next;
    } else if (device == null && n % 997 == 0) {
      device = key("device-" + n, Algorithm.ED25519);
      deviceSince = n;
      link = Links.addDevice(st, primary, device, "device " + n, t);
    } else if (device != null && n - deviceSince >= 500) {
      link = Links.revokeDevice(st, primary, device.publicKey(), t);
      device = null;
    } else {
      int a = (int) (n % ACCOUNTS);
      Account account = Account.parse("github:user" + a);
      if (added[a]) {
        link = Links.revoke(st, account, primary, t);
        added[a] = false;
      } else {
        SecretKey signer = device != null && n % 2 == 0 ? device : primary;
        link = Links.add(st, Claim.builder(account).createdAt(t).sign(signer), signer, t);
        added[a] = true;
      }
    }
    seq = n;
    head = link.hash();
    return link;
  }
}
