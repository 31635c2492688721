package dev.kez.channels.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.identity.IdentityGraph.ChainSource;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;
import dev.kez.core.testing.Vectors;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A chain source fetched online (a gist, a sig-server) is read by the one strict bundle reader:
 * lines out of seq order make that source's chain invalid, naming the line (SPEC.md §7, issue 10
 * §8), while several sources of one chain still merge by seq.
 */
class ChainSourceOrderTest {
  static final List<String> LINES = Vectors.text("chain-valid.jsonl").lines().toList();
  static final Instant NOW = Instant.ofEpochSecond(1_764_200_000L);

  static ChainSource source(String origin, List<String> lines) {
    return new ChainSource(origin, String.join("\n", lines) + "\n", null, List.of());
  }

  @Test
  void aSourceWithSwappedLinesIsInvalidNamingTheLine() {
    List<String> swapped = new java.util.ArrayList<>(LINES);
    swapped.set(1, LINES.get(2));
    swapped.set(2, LINES.get(1));
    Verdict v =
        IdentityVerifier.merge(List.of(source("https://gist.example/alice", swapped)), NOW)
            .verdict();
    assertEquals(Status.INVALID, v.status(), v.reason());
    assertTrue(
        v.reason().startsWith("https://gist.example/alice: bundle line 2: seq 3 follows seq 1"),
        v.reason());
  }

  @Test
  void severalSourcesStillMergeBySeq() {
    Verdict v =
        IdentityVerifier.merge(
                List.of(source("server", LINES.subList(0, 4)), source("gist", LINES)), NOW)
            .verdict();
    assertEquals(Status.VALID, v.status(), v.reason());
  }
}
