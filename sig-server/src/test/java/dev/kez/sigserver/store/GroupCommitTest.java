package dev.kez.sigserver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.sigserver.store.Store.Head;
import dev.kez.sigserver.store.Store.KeyRef;
import dev.kez.sigserver.store.Store.NewLink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  private static <T> List<T> together(int n, java.util.function.IntFunction<Callable<T>> task)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<T> t = task.apply(i);
        fs.add(
            pool.submit(() -> {
              go.await();
              return t.call();
            }));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : fs) out.add(f.get());
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "group commit {0}")
  @ValueSource(booleans = {true, false})
  void concurrentAppendsToManyChainsAllLand(boolean group) throws Exception {
    try (Store store = Store.open(dir.resolve("s.db").toString(), group)) {
      List<Boolean> ok =
          together(
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
          together(
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
          together(
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
