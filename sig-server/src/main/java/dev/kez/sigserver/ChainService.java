package dev.kez.sigserver;

import dev.kez.core.MalformedException;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainException;
import dev.kez.core.chain.ChainState;
import dev.kez.core.chain.ChainVerifier;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.LinkBody;
import dev.kez.server.ApiError;
import dev.kez.sigserver.store.Store;
import dev.kez.sigserver.store.Store.Head;
import dev.kez.sigserver.store.Store.KeyRef;
import dev.kez.sigserver.store.Store.LinkRow;
import dev.kez.sigserver.store.Store.NewLink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The append rules: every posted link is verified against the stored chain before anything is
 * written. The store's compare-and-set on the head makes the database the referee between requests
 * and between nodes; this class only retries when it lost such a race.
 */
public final class ChainService {
  /** What an accepted POST did. */
  public sealed interface Outcome {
    record Stored(int appended, int existing, Head head) implements Outcome {}

    record Fork(long seq, String stored, String posted) implements Outcome {}
  }

  private static final int CACHE_SIZE = 4096;
  private static final int ATTEMPTS = 5;

  private final Store store;
  private final Clock clock;
  private final ReentrantLock[] stripes = new ReentrantLock[64];
  // The verified state at each recently used chain's head, so an append replays nothing.
  private final Map<String, ChainState> states =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ChainState> e) {
          return size() > CACHE_SIZE;
        }
      };

  // Whole bundles of recently read chains, by head: stored links never change.
  private static final long BUNDLE_CACHE_BYTES = 32L << 20;
  private long bundleBytes;
  private final Map<String, ChainBundle> bundles = new LinkedHashMap<>(256, 0.75f, true);

  public ChainService(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
    for (int i = 0; i < stripes.length; i++) stripes[i] = new ReentrantLock();
  }

  /**
   * Reads a JSONL body with the one bundle reader (SPEC.md §7): a bad line is a 400 naming it,
   * lines out of consecutive seq order a 422 (SPEC.md §12).
   */
  public static List<Link> parseBody(String body, int maxLinks) {
    List<Link> links = new ArrayList<>();
    try {
      for (Iterator<Link> it = Bundle.read(new StringReader(body)); it.hasNext(); ) {
        if (links.size() == maxLinks)
          throw new ApiError(413, "too_many_links", "at most " + maxLinks + " links per request");
        links.add(it.next());
      }
    } catch (Bundle.OutOfOrderException e) {
      throw new ApiError(422, "out_of_order", e.getMessage());
    } catch (MalformedException e) {
      throw new ApiError(400, "malformed", e.getMessage());
    }
    if (links.isEmpty())
      throw new ApiError(
          400, "malformed", "the body holds no link (expected JSONL, one link per line)");
    return links;
  }

  /** A step of an append under the chain's lock. */
  private sealed interface Step {
    record Done(Outcome outcome) implements Step {}

    record Retry() implements Step {}

    /** A posted link differs from the stored one at its seq: judged outside the lock. */
    record Contested(Link posted, LinkRow stored) implements Step {}
  }

  /** Appends the links to the chain, or says why not. */
  public Outcome append(String chain, List<Link> links) throws SQLException {
    Link first = links.get(0);
    if (first.seq() == 1 && !first.key().encoded().equals(chain)) {
      throw new ApiError(
          400,
          "wrong_chain",
          "link 1 is signed by "
              + first.key().encoded()
              + ", so it belongs to that chain, not to "
              + chain);
    }
    Step step = new Step.Retry();
    ReentrantLock lock = stripes[Math.floorMod(chain.hashCode(), stripes.length)];
    lock.lock();
    try {
      step = tryCached(chain, links);
      for (int attempt = 0; attempt < ATTEMPTS && step instanceof Step.Retry; attempt++)
        step = tryAppend(chain, store.head(chain).orElse(null), links);
    } finally {
      lock.unlock();
    }
    return switch (step) {
      case Step.Done d -> d.outcome();
      case Step.Contested c -> fork(chain, c.posted(), c.stored());
      case Step.Retry r ->
          throw new ApiError(503, "busy", "the chain kept changing under this request; retry");
    };
  }

  /**
   * The common append, the next links after the head this node last stored or read, tried without
   * reading the head first: the store's compare-and-set on that head decides, so a stale one
   * (another node appended) costs a retry, never a wrong answer. Anything but a clean append (an
   * error, links already stored, no cached state) goes the way of a fresh read of the head, so
   * answers stay those of the database's head.
   */
  private Step tryCached(String chain, List<Link> links) throws SQLException {
    ChainState st;
    synchronized (states) {
      st = states.get(chain);
    }
    if (st == null || st.length() == 0 || links.get(0).seq() != st.length() + 1)
      return new Step.Retry();
    try {
      return tryAppend(chain, new Head(st.length(), st.head(), st.primaryKey().encoded()), links);
    } catch (ApiError e) {
      return new Step.Retry(); // judged again against the stored head
    }
  }

  private Step tryAppend(String chain, @Nullable Head head, List<Link> links) throws SQLException {
    long h = head == null ? 0 : head.seq();
    Link first = links.get(0);
    int existing = 0;
    if (first.seq() <= h) {
      List<LinkRow> stored =
          store.links(chain, first.seq(), Math.min(h, links.get(links.size() - 1).seq()));
      for (LinkRow row : stored) {
        Link posted = links.get((int) (row.seq() - first.seq()));
        if (row.body().equals(posted.canonicalJson())) {
          existing++;
        } else {
          return new Step.Contested(posted, row);
        }
      }
      if (existing != stored.size()
          || stored.size() != Math.min(h, links.get(links.size() - 1).seq()) - first.seq() + 1) {
        return new Step
            .Retry(); // rows changed under us (cannot with PK + head CAS, but never guess)
      }
    }
    List<Link> fresh = links.subList(existing, links.size());
    if (fresh.isEmpty()) return new Step.Done(new Outcome.Stored(0, existing, head));
    if (fresh.get(0).seq() != h + 1) {
      throw new ApiError(
          422,
          "out_of_order",
          h == 0
              ? "this server has no link of the chain yet: post from seq 1 (got seq "
                  + fresh.get(0).seq()
                  + ")"
              : "the chain's head here is seq "
                  + h
                  + ": the next link is seq "
                  + (h + 1)
                  + ", got seq "
                  + fresh.get(0).seq());
    }
    ChainVerifier v = ChainVerifier.resume(stateAt(chain, head), clock);
    List<NewLink> rows = new ArrayList<>();
    for (Link l : fresh) {
      feed(v, l);
      rows.add(new NewLink(l.seq(), l.hash(), l.canonicalJson(), keysOf(chain, l)));
    }
    ChainState after = v.state();
    Head newHead = new Head(after.length(), after.head(), after.primaryKey().encoded());
    if (!store.append(chain, head, rows, newHead)) return new Step.Retry();
    synchronized (states) {
      states.put(chain, after);
    }
    return new Step.Done(new Outcome.Stored(fresh.size(), existing, newHead));
  }

  /**
   * A posted link differs from the stored one at its seq: a fork if it is validly signed there
   * (SPEC.md §6.7: authority, sig, cross-signature, an add's claim; {@code prev} and {@code
   * created_at} are not part of the test), else bad input. Runs outside the chain's lock, cheapest
   * check first, so refusing a bogus link costs O(1) signature checks and one indexed read whatever
   * the chain's length; only a link signed by a key that once had authority in the chain needs the
   * state before its seq, rebuilt from stored rows without re-checking their signatures.
   */
  private Outcome fork(String chain, Link posted, LinkRow stored) throws SQLException {
    long seq = posted.seq();
    if (!posted.signatureValid() || !posted.crossSignatureValid() || !posted.claimValid())
      throw notAFork(seq, "its signature does not verify");
    if (seq > 1
        && store.chainsOfKey(posted.key().encoded()).stream()
            .noneMatch(k -> k.chain().equals(chain) && k.seq() < seq))
      throw notAFork(seq, "key " + posted.key().encoded() + " has no authority in this chain");
    if (!ChainVerifier.resume(seq == 1 ? ChainState.EMPTY : replay(chain, seq - 1), clock)
        .validlySigned(posted))
      throw notAFork(seq, "its key has no authority at that point of the chain");
    store.recordFork(
        chain, seq, posted.hash(), posted.canonicalJson(), clock.instant().getEpochSecond());
    return new Outcome.Fork(seq, stored.body(), posted.canonicalJson());
  }

  private static ApiError notAFork(long seq, String why) {
    return new ApiError(
        422,
        "invalid_link",
        "link " + seq + " differs from the stored link " + seq + " and " + why);
  }

  private static void feed(ChainVerifier v, Link l) {
    try {
      v.feed(l);
    } catch (ChainException e) {
      throw new ApiError(422, "invalid_link", e.getMessage());
    }
  }

  private ChainState stateAt(String chain, Head head) throws SQLException {
    if (head == null) return ChainState.EMPTY;
    synchronized (states) {
      ChainState cached = states.get(chain);
      if (cached != null && cached.length() == head.seq() && head.hash().equals(cached.head()))
        return cached;
    }
    ChainState st =
        replay(chain, head.seq()); // stored links never change, so this is the head's state
    synchronized (states) {
      states.put(chain, st);
    }
    return st;
  }

  /**
   * The state after stored link {@code upTo}, replayed from the database. Stored rows were verified
   * when they were appended, so the replay skips their signatures (most of its cost): the first
   * append after a restart, or a fork's judgment, stays cheap on long chains.
   */
  private ChainState replay(String chain, long upTo) throws SQLException {
    ChainVerifier v = ChainVerifier.startTrusted(clock);
    try {
      Function<String, Link> parser = Link.parser();
      store.links(chain, 1, upTo, row -> v.feed(parser.apply(row.body())));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "stored chain " + chain + " does not replay: " + e.getMessage(), e);
    }
    return v.state();
  }

  /** A chain's whole bundle (SPEC.md §7) and the head it ends at, which its ETag names. */
  public record ChainBundle(long seq, String head, byte[] bytes) {}

  /**
   * The chain's bundle, empty when no chain has that key, in one query whether or not it is cached,
   * so a read costs about the same at any store size (issue 15). The query is a single snapshot of
   * the chain's links ({@link Store#tail}), so it sees another node's append at once; with a cached
   * prefix it starts at the cached head, whose row proves the prefix is still the chain's (stored
   * links never change).
   */
  public Optional<ChainBundle> bundle(String chain) throws SQLException {
    ChainBundle cached;
    synchronized (bundles) {
      cached = bundles.get(chain);
    }
    ChainBundle read = readFrom(chain, cached);
    if (read == null && cached != null)
      read = readFrom(chain, null); // the cache was not a prefix: cannot happen
    if (read == null) return Optional.empty();
    if (read != cached) {
      synchronized (bundles) {
        ChainBundle old = bundles.put(chain, read);
        bundleBytes += read.bytes().length - (old == null ? 0 : old.bytes().length);
        for (var it = bundles.values().iterator();
            bundleBytes > BUNDLE_CACHE_BYTES && it.hasNext(); ) {
          bundleBytes -= it.next().bytes().length;
          it.remove();
        }
      }
    }
    return Optional.of(read);
  }

  /**
   * The bundle read from {@code cached}'s head on (from seq 1 when null); null when the chain is
   * unknown or {@code cached} is not a prefix of it.
   */
  private @Nullable ChainBundle readFrom(String chain, @Nullable ChainBundle cached)
      throws SQLException {
    List<LinkRow> rows = store.tail(chain, cached == null ? 1 : cached.seq());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (cached != null) {
      if (rows.isEmpty()
          || rows.get(0).seq() != cached.seq()
          || !rows.get(0).hash().equals(cached.head())) return null;
      rows = rows.subList(1, rows.size()); // the cached head's own row
      if (rows.isEmpty()) return cached;
      out.writeBytes(cached.bytes());
    }
    if (rows.isEmpty()) return null;
    for (LinkRow row : rows) out.writeBytes((row.body() + "\n").getBytes(StandardCharsets.UTF_8));
    LinkRow last = rows.getLast();
    return new ChainBundle(last.seq(), last.hash(), out.toByteArray());
  }

  private static List<KeyRef> keysOf(String chain, Link l) {
    List<KeyRef> keys = new ArrayList<>(1);
    if (l.seq() == 1) keys.add(new KeyRef(l.key().encoded(), chain, "eldest", 1));
    switch (l.body()) {
      case LinkBody.Rotate r ->
          keys.add(new KeyRef(r.newKey().encoded(), chain, "primary", l.seq()));
      case LinkBody.AddDevice d ->
          keys.add(new KeyRef(d.deviceKey().encoded(), chain, "device", l.seq()));
      case LinkBody.RevokeDevice d ->
          keys.add(new KeyRef(d.deviceKey().encoded(), chain, "device", l.seq()));
      case LinkBody.Add a -> {}
      case LinkBody.Revoke r -> {}
    }
    return keys;
  }
}
