package dev.kez.core.chain;

import dev.kez.core.status.Verdict;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One chain seen through several sources (files, servers, channels). Their links are merged by seq:
 * a seq where two different links are both validly signed is a fork (SPEC.md §6.7), with both links
 * as evidence. A source that is merely behind adds nothing new and is fine.
 */
public final class Forks {
  /** The verdict, and on success the merged chain and its state (null otherwise). */
  public record Merged(Verdict verdict, @Nullable ChainState state, List<Link> links) {
    public Merged {
      links = List.copyOf(links);
    }
  }

  private Forks() {}

  public static Verdict check(List<List<Link>> sources) {
    return merge(sources, Clock.systemUTC()).verdict();
  }

  public static Merged merge(List<List<Link>> sources) {
    return merge(sources, Clock.systemUTC());
  }

  public static Merged merge(List<List<Link>> sources, Clock clock) {
    Map<Long, Set<Link>> bySeq = new TreeMap<>();
    for (List<Link> source : sources) {
      for (Link l : source) bySeq.computeIfAbsent(l.seq(), s -> new LinkedHashSet<>()).add(l);
    }
    ChainVerifier v = ChainVerifier.start(clock);
    List<Link> merged = new ArrayList<>();
    for (Set<Link> candidates : bySeq.values()) {
      if (candidates.size() > 1)
        return new Merged(contested(v, new ArrayList<>(candidates)), null, List.of());
      Link link = candidates.iterator().next();
      try {
        v.feed(link);
      } catch (ChainException e) {
        return new Merged(Verdict.invalid(e.getMessage(), link.canonicalJson()), null, List.of());
      }
      merged.add(link);
    }
    ChainState state = v.state();
    return new Merged(
        new ChainResult.Verified(state).toVerdict(), state.isEmpty() ? null : state, merged);
  }

  /** Two or more different links offered for the next seq. */
  private static Verdict contested(ChainVerifier v, List<Link> candidates) {
    long seq = v.length() + 1;
    if (seq == 1 && candidates.stream().map(Link::key).distinct().count() > 1) {
      return Verdict.invalid(
          "the sources hold different chains (link 1 signed by "
              + candidates.get(0).key()
              + " and by "
              + candidates.get(1).key()
              + ")");
    }
    List<Link> signed = candidates.stream().filter(v::validlySigned).toList();
    if (signed.size() >= 2) {
      return Verdict.fork(
          "chain "
              + (seq == 1 ? signed.get(0).key().encoded() : v.state().chain())
              + " is forked at seq "
              + seq
              + ": two different validly signed links",
          signed.get(0).canonicalJson(),
          signed.get(1).canonicalJson());
    }
    Link bad = candidates.stream().filter(l -> !v.validlySigned(l)).findFirst().orElseThrow();
    return Verdict.invalid(
        "link " + seq + ": the sources disagree and one of their links is not validly signed",
        bad.canonicalJson());
  }
}
