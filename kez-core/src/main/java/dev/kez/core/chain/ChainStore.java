package dev.kez.core.chain;

import dev.kez.core.io.AtomicFiles;
import dev.kez.core.status.Verdict;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The local chain, one bundle file (KEZ_HOME/sigchain.jsonl). Every change is verified first and
 * written whole to a temporary file, fsynced, then moved over the old one atomically: the file is
 * always either the old chain or the new one, never half of either.
 */
public final class ChainStore {
  private final Path file;
  private final Clock clock;
  private final List<Link> links;
  private ChainState state;

  private ChainStore(Path file, Clock clock, List<Link> links, ChainState state) {
    this.file = file;
    this.clock = clock;
    this.links = links;
    this.state = state;
  }

  public static ChainStore open(Path file) {
    return open(file, Clock.systemUTC());
  }

  /**
   * Opens (or, when absent, starts) the chain at {@code file}, verifying it. A local file that does
   * not verify throws {@link ChainException} or {@link dev.kez.core.MalformedException}.
   */
  public static ChainStore open(Path file, Clock clock) {
    List<Link> links = new ArrayList<>();
    ChainVerifier v = ChainVerifier.start(clock);
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        Bundle.read(r)
            .forEachRemaining(l -> {
              v.feed(l);
              links.add(l);
            });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new ChainStore(file, clock, links, v.state());
  }

  public Path file() {
    return file;
  }

  public List<Link> links() {
    return List.copyOf(links);
  }

  public ChainState state() {
    return state;
  }

  /**
   * Verifies the link as the next one and writes the chain; on any failure the file is unchanged.
   */
  public synchronized ChainState append(Link link) {
    ChainState next = ChainVerifier.resume(state, clock).append(link);
    List<Link> all = new ArrayList<>(links);
    all.add(link);
    write(all);
    links.add(link);
    return state = next;
  }

  /**
   * Makes the next link from the current state (the signing step) and appends it. If making it
   * throws, nothing is written.
   */
  public synchronized Link append(Function<ChainState, Link> maker) {
    Link link = maker.apply(state);
    append(link);
    return link;
  }

  /**
   * Merges links from elsewhere (a bundle, a server). A fork or a broken link is refused, the
   * verdict explaining why, and the file is left as it was.
   */
  public synchronized Verdict merge(List<Link> incoming) {
    Forks.Merged m = Forks.merge(List.of(links, incoming), clock);
    if (!m.verdict().isValid()) return m.verdict();
    int added = m.links().size() - links.size();
    if (added > 0) {
      write(m.links());
      links.clear();
      links.addAll(m.links());
      state = m.state();
    }
    return Verdict.valid(
        added
            + " new link"
            + (added == 1 ? "" : "s")
            + "; chain at "
            + state.length()
            + (state.length() == 1 ? " link" : " links"),
        state.head() == null ? "" : state.head());
  }

  private void write(List<Link> all) {
    try {
      AtomicFiles.write(file, Bundle.toString(all).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
    }
  }
}
