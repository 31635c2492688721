package dev.kez.channels.identity;

import dev.kez.channels.ChainFileHost;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.ChannelPlugin;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.identity.IdentityGraph.AccountNode;
import dev.kez.channels.identity.IdentityGraph.Chain;
import dev.kez.channels.identity.IdentityGraph.ChainSource;
import dev.kez.channels.identity.IdentityGraph.KeyNode;
import dev.kez.channels.identity.IdentityGraph.Role;
import dev.kez.core.MalformedException;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainState;
import dev.kez.core.chain.Forks;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.LinkBody;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.status.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@code kez verify id}: from one account to the whole identity. Fetches the account's proof, takes
 * its key, gathers that key's sigchain from every source given (files, sig-servers, the chain files
 * of accounts in the chain whose channel hosts them: github gists), merges the sources (a fork
 * between them is caught), then verifies every account the chain lists on its own channel,
 * concurrently on virtual threads, each within its own timeout.
 */
public final class IdentityVerifier {
  private final Map<Account.Channel, ChannelPlugin> plugins;

  /** Recorded lookups when re-judging saved evidence; null when fetching. */
  private final @Nullable Map<Account, ProofLookup> replay;

  private IdentityVerifier(
      Iterable<ChannelPlugin> plugins, @Nullable Map<Account, ProofLookup> replay) {
    Map<Account.Channel, ChannelPlugin> m = new EnumMap<>(Account.Channel.class);
    for (ChannelPlugin p : plugins) m.putIfAbsent(p.channel(), p);
    this.plugins = m;
    this.replay = replay;
  }

  /**
   * Offline: every account's lookup is the one recorded ({@code kez verify evidence}); an account
   * not recorded was not looked at then. Nothing is fetched.
   */
  public static IdentityVerifier replaying(Map<Account, ProofLookup> recorded) {
    return new IdentityVerifier(List.of(), Map.copyOf(recorded));
  }

  /** With a fresh plugin for every channel. */
  public static IdentityVerifier load() {
    return new IdentityVerifier(ChannelPlugin.all(), null);
  }

  public static IdentityVerifier of(List<ChannelPlugin> plugins) {
    return new IdentityVerifier(plugins, null);
  }

  /**
   * @param context endpoints, timeout (the longest one account's verification may take),
   *     private-address policy
   * @param now the instant expiry is judged at
   * @param progress one-line progress messages (may be a no-op)
   */
  public record Options(
      ChannelContext context,
      List<Path> chainFiles,
      List<String> chainServers,
      Instant now,
      Consumer<String> progress) {
    public Options {
      chainFiles = List.copyOf(chainFiles);
      chainServers = List.copyOf(chainServers);
    }
  }

  public IdentityGraph verify(Account subject, Options o) {
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Lookups lookups = new Lookups(pool, o);
      o.progress().accept("fetching the proof of " + subject);
      lookups.start(subject);
      List<ChainSource> sources = new ArrayList<>();
      for (Path p : o.chainFiles()) sources.add(ChainSources.file(p));
      // Chain files need no key: their accounts are fetched now, beside the asked-for one.
      Forks.Merged early = merge(sources, o.now());
      if (early != null && early.state() != null) lookups.startAll(early.state());

      ProofLookup rootLookup = lookups.await(subject);
      List<Claim> rootClaims = rootLookup instanceof ProofLookup.Found f ? f.claims() : List.of();
      Judge.Judged alone = Judge.account(subject, rootClaims, null, o.now());
      // The key to follow: that of a claim for this account with a good signature (an expired one
      // still names its key).
      boolean usable =
          alone.verdict() instanceof Verdict.Valid || alone.verdict() instanceof Verdict.Expired;
      PublicKey key = usable ? alone.claim().key() : null;

      o.progress().accept("fetching the sigchain");
      List<Future<ChainSource>> pending = new ArrayList<>();
      if (key != null) {
        for (String s : o.chainServers())
          pending.add(pool.submit(() -> ChainSources.server(s, key, o.context())));
      }
      Set<Account> chainFilesSeen = new HashSet<>();
      if (key != null && chainFilesSeen.add(subject))
        chainFileSource(subject, o).ifPresent(sources::add);
      for (Future<ChainSource> f : pending) sources.add(await(f));
      Forks.Merged merged = merge(sources, o.now());
      if (merged != null && merged.state() != null) {
        lookups.startAll(merged.state());
        // The chain names more accounts that may host a chain file (github gists): a newer copy, or
        // a fork.
        int before = sources.size();
        List<Future<Optional<ChainSource>>> chainFiles = new ArrayList<>();
        for (Account a : merged.state().accounts().keySet()) {
          // after the account's own lookup, whose listing (a gist list) already named any chain
          // file
          if (chainFileHost(a).isPresent() && chainFilesSeen.add(a))
            chainFiles.add(
                pool.submit(() -> {
                  lookups.await(a);
                  return chainFileSource(a, o);
                }));
        }
        for (var f : chainFiles) await(f).ifPresent(sources::add);
        if (sources.size() > before) merged = merge(sources, o.now());
      }
      return assemble(subject, rootLookup, alone, key, sources, merged, o, lookups);
    }
  }

  private IdentityGraph assemble(
      Account subject,
      ProofLookup rootLookup,
      Judge.Judged alone,
      @Nullable PublicKey key,
      List<ChainSource> sources,
      Forks.@Nullable Merged merged,
      Options o,
      Lookups lookups) {
    Chain chain = chainOf(sources, merged);
    ChainState state = merged == null ? null : merged.state();
    List<AccountNode> accounts = new ArrayList<>();
    Verdict rootVerdict;
    Judge.Judged rootJudged = alone;
    if (rootLookup instanceof ProofLookup.Failed failed) {
      rootVerdict = failed.verdict();
    } else if (merged != null
        && merged.verdict() instanceof Verdict.Fork fork
        && !(alone.verdict() instanceof Verdict.Invalid)) {
      rootVerdict =
          new Verdict.Fork("the identity's chain is forked: " + fork.reason(), fork.evidence());
    } else {
      rootJudged =
          Judge.account(subject, ((ProofLookup.Found) rootLookup).claims(), state, o.now());
      rootVerdict = rootJudged.verdict();
    }
    if (state != null
        && Judge.fromChain(subject, state, o.now()).orElse(null) instanceof Verdict.Revoked r)
      rootVerdict = r;
    accounts.add(node(subject, rootVerdict, rootJudged.claim(), rootLookup, true));
    if (state == null) {
      lookups.cancelAll();
      return new IdentityGraph(subject, rootVerdict, chain, keys(merged, key), accounts, o.now());
    }
    lookups.startAll(state);
    int total =
        (int)
            state.accounts().keySet().stream()
                .filter(a -> !a.equals(subject) && Judge.fromChain(a, state, o.now()).isEmpty())
                .count();
    int done = 0;
    for (Account a : state.accounts().keySet()) {
      if (a.equals(subject)) continue;
      Optional<Verdict> word = Judge.fromChain(a, state, o.now());
      if (word.isPresent()) { // the chain's word stands; no need to look
        accounts.add(node(a, word.get(), state.accounts().get(a).claim(), null, false));
        continue;
      }
      ProofLookup l = lookups.await(a);
      o.progress().accept("checked " + ++done + "/" + total + " accounts (" + a + ")");
      if (l instanceof ProofLookup.Found f) {
        Judge.Judged j = Judge.account(a, f.claims(), state, o.now());
        accounts.add(node(a, j.verdict(), j.claim(), l, false));
      } else {
        accounts.add(node(a, ((ProofLookup.Failed) l).verdict(), null, l, false));
      }
    }
    lookups.cancelAll(); // early starts for accounts a later chain source revoked
    return new IdentityGraph(subject, rootVerdict, chain, keys(merged, key), accounts, o.now());
  }

  /** Account lookups running on virtual threads, each with its own deadline from its start. */
  private final class Lookups {
    private record Running(Future<ProofLookup> future, long deadline) {}

    private final ExecutorService pool;
    private final Options o;
    private final Map<Account, Running> running = new java.util.concurrent.ConcurrentHashMap<>();

    Lookups(ExecutorService pool, Options o) {
      this.pool = pool;
      this.o = o;
    }

    void start(Account a) {
      // a little grace past the timeout: the fetches time out themselves first, with their own
      // reason
      running.computeIfAbsent(
          a,
          x ->
              new Running(
                  pool.submit(() -> lookup(x, o.context())),
                  System.nanoTime() + o.context().timeout().toNanos() + 250_000_000L));
    }

    void startAll(ChainState st) {
      for (Account a : st.accounts().keySet())
        if (Judge.fromChain(a, st, o.now()).isEmpty()) start(a);
    }

    ProofLookup await(Account a) {
      start(a);
      Running r = running.get(a);
      try {
        return r.future().get(Math.max(1, r.deadline() - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException
          | java.util.concurrent.CancellationException
              e) { // cancelled: timed out for another waiter
        r.future().cancel(true);
        long ms = o.context().timeout().toMillis();
        String t = ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
        return new ProofLookup.Failed(
            Verdict.unreachable("timed out after " + t + " verifying " + a, true), List.of());
      } catch (InterruptedException e) {
        r.future().cancel(true);
        Thread.currentThread().interrupt();
        return new ProofLookup.Failed(
            Verdict.unreachable("interrupted verifying " + a, true), List.of());
      } catch (ExecutionException e) {
        return new ProofLookup.Failed(
            Verdict.unreachable("verifying " + a + " failed: " + e.getCause(), false), List.of());
      }
    }

    void cancelAll() {
      running.values().forEach(r -> r.future().cancel(true));
    }
  }

  private static AccountNode node(
      Account a, Verdict v, @Nullable Claim judged, @Nullable ProofLookup l, boolean asked) {
    String location = l instanceof ProofLookup.Found f ? f.location() : null;
    List<Claim> claims = l instanceof ProofLookup.Found f ? f.claims() : List.of();
    return new AccountNode(
        a,
        v,
        judged == null ? null : judged.key().encoded(),
        location,
        asked,
        claims,
        l == null ? List.of() : l.evidence());
  }

  private ProofLookup lookup(Account a, ChannelContext ctx) {
    if (replay != null) {
      return replay.getOrDefault(
          a,
          new ProofLookup.Failed(
              Verdict.unreachable("not looked up when the evidence was saved", false), List.of()));
    }
    ChannelPlugin p = plugins.get(a.channel());
    if (p == null) {
      return new ProofLookup.Failed(
          Verdict.unreachable("this build has no " + a.channel().prefix() + " channel", false),
          List.of());
    }
    try {
      return p.fetch(a, ctx);
    } catch (RuntimeException e) {
      // A plugin must not throw; if one does, the account is unreachable, not the whole run.
      return new ProofLookup.Failed(
          Verdict.unreachable(a.channel().prefix() + " channel failed: " + e, false), List.of());
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * The channel's chain file capability, when the account's channel has one and this run fetches.
   */
  private Optional<ChainFileHost> chainFileHost(Account a) {
    ChannelPlugin p = plugins.get(a.channel());
    return replay != null || p == null ? Optional.empty() : p.chainFileHost();
  }

  private Optional<ChainSource> chainFileSource(Account a, Options o) {
    return chainFileHost(a).flatMap(host -> ChainSources.chainFile(host, a, o.context()));
  }

  /**
   * Merges the readable sources; null when none had links. A malformed source is an invalid chain.
   */
  static Forks.@Nullable Merged merge(List<ChainSource> sources, Instant now) {
    List<List<Link>> lists = new ArrayList<>();
    for (ChainSource s : sources) {
      if (s.jsonl() == null) continue;
      try {
        List<Link> links = Bundle.parse(s.jsonl());
        if (!links.isEmpty()) lists.add(links);
      } catch (MalformedException e) {
        return new Forks.Merged(
            Verdict.invalid(s.origin() + ": " + e.getMessage()), null, List.of());
      }
    }
    return lists.isEmpty() ? null : Forks.merge(lists, Clock.fixed(now, ZoneOffset.UTC));
  }

  static Chain chainOf(List<ChainSource> sources, Forks.@Nullable Merged merged) {
    if (merged == null) {
      Verdict v =
          sources.stream()
              .map(ChainSource::failure)
              .filter(java.util.Objects::nonNull)
              .findFirst()
              .orElse(
                  Verdict.notFound(
                      sources.isEmpty()
                          ? "no chain source given or found"
                          : "the chain sources hold no links"));
      return new Chain(null, v, 0, null, sources);
    }
    ChainState st = merged.state();
    return new Chain(
        st == null ? null : st.chain(),
        merged.verdict(),
        st == null ? 0 : st.length(),
        st == null ? null : st.head(),
        sources);
  }

  /** The identity's keys from the chain's history; without a chain, just the claim's key. */
  static List<KeyNode> keys(Forks.@Nullable Merged merged, @Nullable PublicKey claimKey) {
    Map<String, KeyNode> keys = new LinkedHashMap<>();
    if (merged != null && merged.state() != null) {
      for (Link l : merged.links()) {
        String k = l.key().encoded();
        if (l.seq() == 1) keys.put(k, new KeyNode(k, Role.PRIMARY, null, null));
        switch (l.body()) {
          case LinkBody.Rotate r -> {
            String next = r.newKey().encoded();
            keys.put(k, new KeyNode(k, Role.FORMER_PRIMARY, null, next));
            keys.put(next, new KeyNode(next, Role.PRIMARY, null, null));
          }
          case LinkBody.AddDevice a -> {
            String d = a.deviceKey().encoded();
            keys.put(d, new KeyNode(d, Role.DEVICE, a.name(), null));
          }
          case LinkBody.RevokeDevice r -> {
            String d = r.deviceKey().encoded();
            KeyNode was = keys.get(d);
            keys.put(d, new KeyNode(d, Role.REVOKED_DEVICE, was == null ? null : was.name(), null));
          }
          case LinkBody.Add a -> {}
          case LinkBody.Revoke r -> {}
        }
      }
    }
    if (claimKey != null)
      keys.putIfAbsent(
          claimKey.encoded(), new KeyNode(claimKey.encoded(), Role.CLAIM_KEY, null, null));
    return List.copyOf(keys.values());
  }
}
