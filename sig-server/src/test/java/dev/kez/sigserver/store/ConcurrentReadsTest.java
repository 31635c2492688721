package dev.kez.sigserver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.server.testing.PgCluster;
import dev.kez.server.testing.Together;
import dev.kez.sigserver.store.Store.Head;
import dev.kez.sigserver.store.Store.LinkRow;
import dev.kez.sigserver.store.Store.NewLink;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many concurrent reads of different chains while appends go on (on PostgreSQL they share queries,
 * {@link BatchedReads}): each read returns exactly its chain's links from the asked seq on, and at
 * least every link acknowledged before the read began (SPEC.md §12).
 */
class ConcurrentReadsTest {
  private static final int CHAINS = 6;
  private static final int LINKS = 25;
  private static final int READERS = 16;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgres"})
  void readsSeeExactlyTheCommittedLinksWhileAppendsGoOn(String backend) throws Exception {
    String db =
        backend.equals("postgres")
            ? PgCluster.shared().newDatabase()
            : dir.resolve("r.db").toString();
    AtomicLongArray acked = new AtomicLongArray(CHAINS); // per chain: the last acknowledged seq
    AtomicInteger appendersLeft = new AtomicInteger(CHAINS);
    AtomicInteger reads = new AtomicInteger();
    try (Store store = Store.open(db)) {
      Together.run(
          CHAINS + READERS,
          i ->
              () -> {
                if (i < CHAINS) {
                  try {
                    for (long s = 1; s <= LINKS; s++) {
                      Head before = s == 1 ? null : head(i, s - 1);
                      NewLink l = new NewLink(s, hash(i, s), body(i, s), List.of());
                      assertTrue(store.append(chain(i), before, List.of(l), head(i, s)));
                      acked.set(i, s);
                    }
                  } finally {
                    appendersLeft.decrementAndGet();
                  }
                  return null;
                }
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (appendersLeft.get() > 0) {
                  int c = rnd.nextInt(CHAINS);
                  long seen = acked.get(c);
                  long from = 1 + rnd.nextLong(seen + 1); // past the head too: then no rows
                  List<LinkRow> rows = store.tail(chain(c), from);
                  assertTrue(
                      from + rows.size() - 1 >= seen,
                      chain(c) + " from " + from + ": " + rows.size() + " rows, acked " + seen);
                  for (int k = 0; k < rows.size(); k++)
                    assertEquals(
                        new LinkRow(from + k, hash(c, from + k), body(c, from + k)), rows.get(k));
                  reads.incrementAndGet();
                }
                return null;
              });
      assertTrue(reads.get() > READERS, "reads ran beside the appends: " + reads.get());
      for (int c = 0; c < CHAINS; c++) {
        List<LinkRow> all = store.tail(chain(c), 1);
        assertEquals(LINKS, all.size());
        assertEquals(new LinkRow(LINKS, hash(c, LINKS), body(c, LINKS)), all.getLast());
      }
      assertEquals(List.of(), store.tail("no-such-chain", 1));
    }
  }

  private static String chain(int c) {
    return "chain-" + c;
  }

  private static String hash(int c, long s) {
    return "h" + c + "-" + s;
  }

  private static String body(int c, long s) {
    return "{\"chain\":" + c + ",\"seq\":" + s + "}";
  }

  private static Head head(int c, long s) {
    return new Head(s, hash(c, s), "pk");
  }
}
