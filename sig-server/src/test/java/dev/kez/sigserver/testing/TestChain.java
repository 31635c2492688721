package dev.kez.sigserver.testing;

import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainState;
import dev.kez.core.chain.ChainVerifier;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.Links;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** A chain made on the fly with fresh keys, through the core chain API. */
public final class TestChain {
  private SecretKey primary;
  private ChainState state = ChainState.EMPTY;
  private final List<Link> links = new ArrayList<>();
  private final String name;
  private long time = 1_764_150_000L;
  private int accounts;

  public TestChain() {
    this(Algorithm.ED25519);
  }

  public TestChain(Algorithm alg) {
    primary = SecretKey.generate(alg);
    name = primary.publicKey().encoded();
  }

  /** The chain's name: its eldest key. */
  public String name() {
    return name;
  }

  public ChainState state() {
    return state;
  }

  public SecretKey primary() {
    return primary;
  }

  public List<Link> links() {
    return List.copyOf(links);
  }

  /**
   * An add link for a new account at the next seq, not yet part of this chain (e.g. for a fork).
   */
  public Link nextAdd() {
    time += 10;
    Claim claim =
        Claim.builder(
                Account.parse(
                    "github:user" + (++accounts) + "x" + Math.abs(name.hashCode() % 100000)))
            .createdAt(time)
            .sign(primary);
    return Links.add(state, claim, primary, time);
  }

  /** Appends an add link and returns it. */
  public Link add() {
    return accept(nextAdd());
  }

  /** Appends n add links and returns them. */
  public List<Link> add(int n) {
    List<Link> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(add());
    return out;
  }

  public Link rotate() {
    time += 10;
    SecretKey next = SecretKey.generate(Algorithm.NOSTR);
    Link l = accept(Links.rotate(state, primary, next, time));
    primary = next;
    return l;
  }

  public Link addDevice(SecretKey device) {
    time += 10;
    return accept(Links.addDevice(state, primary, device, "test-device", time));
  }

  public Link accept(Link l) {
    state = ChainVerifier.resume(state, Clock.systemUTC()).append(l);
    links.add(l);
    return l;
  }

  /** The JSONL bundle of links [from, to] (1-based, inclusive). */
  public String jsonl(int from, int to) {
    return Bundle.toString(links.subList(from - 1, to));
  }

  public String jsonl() {
    return Bundle.toString(links);
  }
}
