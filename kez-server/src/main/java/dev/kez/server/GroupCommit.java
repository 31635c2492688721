package dev.kez.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * How a server's writes reach the database, each acknowledged only after the commit that holds it.
 * With group commit on, a writer thread takes every write that is waiting, runs each inside its own
 * savepoint of one transaction and commits once, so N concurrent writers pay for one fsync instead
 * of N; a write that fails rolls back to its savepoint and leaves the others of the batch alone.
 * SQLite has one writer at a time anyway, so it gets one thread; PostgreSQL gets a few, whose
 * commits its WAL writer merges further. With it off, each write is a transaction of its own (on
 * SQLite queued in order here, which beats its busy handler's sleep-and-retry).
 */
public final class GroupCommit implements AutoCloseable {
  /** Writes beyond this wait for the next batch: bounds a transaction's size and latency. */
  private static final int MAX_BATCH = 256;

  /**
   * One write, run inside the caller's transaction; it must not commit or roll back itself (throw
   * instead: its own part is undone).
   */
  public interface Tx<T> {
    T run(Connection c) throws SQLException;
  }

  private record Waiting<T>(Tx<T> tx, CompletableFuture<T> done) {}

  private final DataSource ds;
  private final boolean group;
  private final ReentrantLock sqliteWriter; // group commit off on SQLite: one writer at a time
  private final LinkedBlockingQueue<Waiting<?>> queue = new LinkedBlockingQueue<>();
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean closed;

  /** Group commit on or off for {@code db}; writer threads are named after {@code threadName}. */
  public GroupCommit(Database db, String threadName, boolean group) {
    this.ds = db.dataSource();
    this.group = group;
    this.sqliteWriter = db.sqlite() && !group ? new ReentrantLock(true) : null;
    int threads = !group ? 0 : db.sqlite() ? 1 : 4;
    for (int i = 0; i < threads; i++)
      writers.add(Thread.ofPlatform().daemon().name(threadName + "-" + i).start(this::run));
  }

  /** Runs the write and returns its result once it is committed; its exception if it failed. */
  public <T> T write(Tx<T> tx) throws SQLException {
    if (closed) throw new SQLException("the store is closed");
    if (!group) return alone(tx);
    CompletableFuture<T> done = new CompletableFuture<>();
    queue.add(new Waiting<>(tx, done));
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for the commit", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException s) throw s;
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new SQLException("the commit failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** One write in a transaction of its own. */
  private <T> T alone(Tx<T> tx) throws SQLException {
    if (sqliteWriter != null) sqliteWriter.lock();
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        T out = tx.run(c);
        c.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        Database.rollbackQuietly(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } finally {
      if (sqliteWriter != null) sqliteWriter.unlock();
    }
  }

  private void run() {
    List<Waiting<?>> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Waiting<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
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
    for (Waiting<?> w; (w = queue.poll()) != null; )
      w.done().completeExceptionally(new SQLException("the store is closed"));
  }

  private void writeBatch(List<Waiting<?>> batch) {
    Object[] results = new Object[batch.size()];
    Exception[] errors = new Exception[batch.size()];
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (int i = 0; i < batch.size(); i++) {
          Savepoint sp = c.setSavepoint();
          try {
            results[i] = batch.get(i).tx().run(c);
            c.releaseSavepoint(sp);
          } catch (SQLException | RuntimeException e) {
            c.rollback(sp);
            errors[i] = e;
          }
        }
        c.commit();
      } catch (SQLException e) {
        Database.rollbackQuietly(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      // Nothing of the batch is committed: every waiter hears why (a 503 at the edge).
      batch.forEach(w -> w.done().completeExceptionally(e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) complete(batch.get(i), results[i], errors[i]);
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Waiting<T> w, Object result, Exception error) {
    if (error != null) w.done().completeExceptionally(error);
    else w.done().complete((T) result);
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
