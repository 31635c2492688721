package dev.kez.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.core.MalformedException;
import dev.kez.core.testing.Tries;
import dev.kez.core.testing.Vectors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated bundles into the one bundle reader (SPEC.md §7), seeded ({@link Tries}): the only
 * exception out is {@link MalformedException} with a one-line message naming a line, and whatever
 * it accepts is byte for byte what a writer makes of the same links, in consecutive seq order.
 */
class BundleFuzzTest {
  static final int TRIES = 900;
  static final String VALID = Vectors.text("chain-valid.jsonl");
  static final List<String> LINES = VALID.lines().toList();

  @Test
  void acceptsOnlyExactBundles() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            Tries.run(
                TRIES,
                r -> {
                  String input = mutate(r);
                  List<Link> links;
                  try {
                    links = Bundle.parse(input);
                  } catch (MalformedException e) {
                    assertTrue(e.getMessage().startsWith("bundle line "), e.getMessage());
                    assertEquals(-1, e.getMessage().indexOf('\n'), "one-line message");
                    return;
                  }
                  assertEquals(input, Bundle.toString(links), "accepted a bundle no writer makes");
                  for (int k = 1; k < links.size(); k++)
                    assertEquals(
                        links.get(k - 1).seq() + 1, links.get(k).seq(), "lines out of order");
                }));
  }

  /** Whole lines moved, repeated, dropped or joined, and character edits inside a line. */
  static String mutate(Random r) {
    List<String> lines = new ArrayList<>(LINES);
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int i = r.nextInt(lines.size());
      int j = r.nextInt(lines.size());
      switch (r.nextInt(8)) {
        case 0 -> lines.set(i, lines.set(j, lines.get(i))); // swap
        case 1 -> lines.add(j, lines.get(i)); // repeat
        case 2 -> {
          if (lines.size() > 1) lines.remove(i);
        } // drop
        case 3 -> lines.add(i, ""); // blank line
        case 4 -> lines.set(i, lines.get(i) + "\r"); // CRLF
        case 5 -> lines = new ArrayList<>(lines.subList(i, lines.size())); // a tail: still valid
        case 6 -> {
          String l = lines.get(i) + "x"; // never empty (a blank line may have been added)
          int at = r.nextInt(l.length());
          lines.set(
              i, l.substring(0, at) + " \"{}:,\\é\u0000".charAt(r.nextInt(9)) + l.substring(at));
        }
        default -> {
          String l = lines.get(i) + "x";
          int at = r.nextInt(l.length());
          lines.set(
              i,
              l.substring(0, at)
                  + (char) (l.charAt(at) ^ (1 << r.nextInt(7)))
                  + l.substring(at + 1));
        }
      }
    }
    String out = String.join("\n", lines);
    return r.nextInt(10) == 0 ? out : out + "\n"; // sometimes no final newline
  }
}
