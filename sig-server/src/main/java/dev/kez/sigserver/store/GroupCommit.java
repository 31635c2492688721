package dev.kez.sigserver.store;

import dev.kez.sigserver.store.Store.Append;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Group commit: a writer thread takes every append that is waiting, writes each inside its own
 * savepoint of one transaction, and commits once, so N concurrent appenders pay for one fsync
 * instead of N. SQLite has one writer at a time anyway, so it gets one thread; PostgreSQL gets a
 * few, whose commits its WAL writer merges further. The guarantee stays the one of SPEC.md §12: a
 * caller returns only after the commit that holds its links, and a POST is all-or-nothing (a failed
 * append rolls back to its savepoint and leaves the others of the batch alone).
 */
final class GroupCommit implements AutoCloseable {
  /** Appends beyond this wait for the next batch: bounds a transaction's size and latency. */
  private static final int MAX_BATCH = 256;

  private record Waiting(Append append, CompletableFuture<Boolean> done) {}

  private final DataSource ds;
  private final LinkedBlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean closed;

  GroupCommit(DataSource ds, String threadName, int threads) {
    this.ds = ds;
    for (int i = 0; i < threads; i++)
      writers.add(Thread.ofPlatform().daemon().name(threadName + "-" + i).start(this::run));
  }

  /** Writes the append in the next batch; true once committed, false when it lost a race. */
  boolean commit(Append append) throws SQLException {
    if (closed) throw new SQLException("the store is closed");
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    queue.add(new Waiting(append, done));
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for the commit", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException s) throw s;
      throw new SQLException("the commit failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private void run() {
    List<Waiting> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Waiting first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) continue;
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        writeBatch(batch);
      } catch (InterruptedException e) {
        if (closed) break;
      } catch (RuntimeException e) {
        batch.forEach(w -> w.done().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
    for (Waiting w; (w = queue.poll()) != null; )
      w.done().completeExceptionally(new SQLException("the store is closed"));
  }

  private void writeBatch(List<Waiting> batch) {
    Boolean[] results = new Boolean[batch.size()];
    SQLException[] errors = new SQLException[batch.size()];
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (int i = 0; i < batch.size(); i++) {
          Savepoint sp = c.setSavepoint();
          try {
            results[i] = Store.write(c, batch.get(i).append());
            if (results[i]) c.releaseSavepoint(sp);
            else c.rollback(sp);
          } catch (SQLException e) {
            c.rollback(sp);
            if (Store.isLostRace(e)) results[i] = false;
            else errors[i] = e;
          }
        }
        c.commit();
      } catch (SQLException e) {
        Store.rollbackQuietly(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      // Nothing of the batch is committed: every waiter hears why (a 503 at the edge).
      batch.forEach(w -> w.done().completeExceptionally(e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      if (errors[i] != null) batch.get(i).done().completeExceptionally(errors[i]);
      else batch.get(i).done().complete(results[i]);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      for (Thread w : writers) w.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
