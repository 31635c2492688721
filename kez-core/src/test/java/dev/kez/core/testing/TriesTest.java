package dev.kez.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The property runner itself: every try runs, and a failure names a seed that replays it. */
class TriesTest {
  @Test
  void runsEveryTryWithItsOwnSeed() {
    List<Long> firstDraws = new ArrayList<>();
    Tries.run(50, r -> firstDraws.add(r.nextLong()));
    assertEquals(50, firstDraws.size());
    assertEquals(50, firstDraws.stream().distinct().count(), "every try draws different values");
  }

  @Test
  void aFailureNamesTheSeedThatReplaysIt() {
    List<Long> draws = new ArrayList<>();
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                Tries.run(
                    100,
                    r -> {
                      long v = r.nextLong();
                      draws.add(v);
                      assertTrue(draws.size() < 7, "the seventh try fails");
                    }));
    Matcher m =
        Pattern.compile(
                "try 7 of 100 failed with seed (-?\\d+) \\(replay it with -Dkez.seed=\\1\\): the seventh try fails")
            .matcher(e.getMessage());
    assertTrue(m.find(), e.getMessage());
    assertEquals(
        draws.get(6),
        new Random(Long.parseLong(m.group(1))).nextLong(),
        "the named seed gives the failing try's values");
  }

  @Test
  void sizesStayInRangeAndReachBothEnds() {
    Random r = new Random(1);
    boolean min = false, max = false;
    for (int i = 0; i < 1000; i++) {
      int n = Tries.size(r, 3, 9);
      assertTrue(n >= 3 && n <= 9, "size " + n);
      min |= n == 3;
      max |= n == 9;
    }
    assertTrue(min && max);
    for (int i = 0; i < 1000; i++) {
      assertTrue(Tries.anyString(r, 20).chars().noneMatch(c -> Character.isSurrogate((char) c)));
    }
  }
}
