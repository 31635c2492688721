package dev.kez.sigserver.store;

import dev.kez.sigserver.store.Store.LinkRow;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Concurrent chain reads coalesced into one query, as group commit does for writes (issue 15): a
 * read that finds no query of this kind running sends its own at once, so an idle server adds no
 * latency; reads that arrive meanwhile wait, and when the query ends the next one takes up to
 * {@link #MAX_BATCH} of them (on a virtual thread, so the reader that ran the last query is not
 * held up answering its own request).
 *
 * <p>Consistency is unchanged (SPEC.md §12: a 2xx means committed, so a GET on any node must then
 * show the link): every read in a batch was waiting before its query was sent, and the query is one
 * statement, whose snapshot is taken after it was sent; so it sees every append committed before
 * the read arrived, exactly as a query of the read's own would.
 */
final class BatchedReads {
  private static final int MAX_BATCH = 64;

  /** For each chain, its links from the given seq on, in seq order, in one statement. */
  interface Query {
    Map<String, List<LinkRow>> tails(Map<String, Long> from) throws SQLException;
  }

  private record Read(String chain, long from, CompletableFuture<List<LinkRow>> rows) {}

  private final Query query;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Read> waiting = new ArrayDeque<>();
  private boolean running; // a query of this kind is in flight

  BatchedReads(Query query) {
    this.query = query;
  }

  /** The chain's links with {@code seq >= from}, in seq order, as one snapshot. */
  List<LinkRow> tail(String chain, long from) throws SQLException {
    Read read = new Read(chain, from, new CompletableFuture<>());
    boolean lead;
    lock.lock();
    try {
      lead = !running;
      if (lead) running = true;
      else waiting.add(read);
    } finally {
      lock.unlock();
    }
    if (lead) run(List.of(read));
    try {
      return read.rows().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while reading chain " + chain, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException s) throw s;
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new SQLException("reading chain " + chain + " failed: " + e.getCause(), e.getCause());
    }
  }

  /** Answers a batch with one query, then starts the next batch or marks the reads idle. */
  private void run(List<Read> batch) {
    try {
      Map<String, Long> from = new HashMap<>();
      for (Read r : batch) from.merge(r.chain(), r.from(), Math::min);
      Map<String, List<LinkRow>> rows = query.tails(from);
      for (Read r : batch) {
        List<LinkRow> all = rows.getOrDefault(r.chain(), List.of());
        int i = 0;
        while (i < all.size() && all.get(i).seq() < r.from()) i++; // a twin read from further back
        r.rows().complete(all.subList(i, all.size()));
      }
    } catch (Throwable e) {
      for (Read r : batch) r.rows().completeExceptionally(e);
    } finally {
      List<Read> next = new ArrayList<>();
      lock.lock();
      try {
        while (next.size() < MAX_BATCH && !waiting.isEmpty()) next.add(waiting.poll());
        running = !next.isEmpty();
      } finally {
        lock.unlock();
      }
      if (!next.isEmpty()) Thread.ofVirtual().name("kez-sig-read").start(() -> run(next));
    }
  }
}
