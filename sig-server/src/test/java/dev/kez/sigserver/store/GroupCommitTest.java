package dev.kez.sigserver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.server.testing.Together;
import dev.kez.sigserver.store.Store.Head;
import dev.kez.sigserver.store.Store.KeyRef;
import dev.kez.sigserver.store.Store.NewLink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Concurrent appends through the store, with group commit on and off: same answers either way. */
class GroupCommitTest {
  @TempDir Path dir;

  private static List<NewLink> links(String chain, long from, long to) {
    List<NewLink> out = new ArrayList<>();
    for (long s = from; s <= to; s++)
      out.add(
          new NewLink(
              s,
              chain + "-h" + s,
              "{\"seq\":" + s + "}",
              List.of(new KeyRef("k-" + chain + s, chain, "device", s))));
    return out;
  }

  @ParameterizedTest(name = "group commit {0}")
  @ValueSource(booleans = {true, false})
  void concurrentAppendsToManyChainsAllLand(boolean group) throws Exception {
    try (Store store = Store.open(dir.resolve("s.db").toString(), group)) {
      List<Boolean> ok =
          Together.run(
              40,
              i ->
                  () ->
                      store.append(
                          "c" + i, null, links("c" + i, 1, 3), new Head(3, "c" + i + "-h3", "pk")));
      assertTrue(ok.stream().allMatch(b -> b), ok.toString());
      for (int i = 0; i < 40; i++) {
        assertEquals(3, store.links("c" + i, 1, 10).size());
        assertEquals(new Head(3, "c" + i + "-h3", "pk"), store.head("c" + i).orElseThrow());
      }
    }
  }

  @ParameterizedTest(name = "group commit {0}")
  @ValueSource(booleans = {true, false})
  void racingAppendsAtOneHeadHaveExactlyOneWinnerAndTheLosersWriteNothing(boolean group)
      throws Exception {
    try (Store store = Store.open(dir.resolve("r.db").toString(), group)) {
      Head h1 = new Head(1, "x-h1", "pk");
      assertTrue(store.append("x", null, links("x", 1, 1), h1));
      List<Boolean> ok =
          Together.run(
              24,
              i ->
                  () ->
                      store.append(
                          "x",
                          h1,
                          List.of(
                              new NewLink(
                                  2, "x-h2-" + i, "{\"seq\":2,\"n\":" + i + "}", List.of())),
                          new Head(2, "x-h2-" + i, "pk")));
      assertEquals(1, ok.stream().filter(b -> b).count(), ok.toString());
      int winner = ok.indexOf(true);
      assertEquals("{\"seq\":2,\"n\":" + winner + "}", store.links("x", 2, 2).get(0).body());
      assertEquals("x-h2-" + winner, store.head("x").orElseThrow().hash());
      // A new chain racing itself: one INSERT of the head wins, the rest lose on the key.
      List<Boolean> fresh =
          Together.run(
              12,
              i ->
                  () ->
                      store.append(
                          "y",
                          null,
                          List.of(new NewLink(1, "y-" + i, "{\"n\":" + i + "}", List.of())),
                          new Head(1, "y-" + i, "pk")));
      assertEquals(1, fresh.stream().filter(b -> b).count(), fresh.toString());
      assertEquals(1, store.links("y", 1, 5).size());
    }
  }
}
