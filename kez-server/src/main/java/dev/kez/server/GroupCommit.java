package dev.kez.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * How a server's writes reach the database, each acknowledged only after the commit that holds it.
 * With group commit on, the writes that wait form a queue and a writer that finds no commit in
 * flight leads: on its own (request) thread it takes every queued write, runs each inside its own
 * savepoint of one transaction and commits once, so N concurrent writers pay for one fsync instead
 * of N, and no hand-off to a committer thread costs a wake-up. The others wait; when a leader's
 * commit is done it hands the lead to the first write still queued. A write that fails rolls back
 * to its savepoint and leaves the others of the batch alone. SQLite has one writer at a time
 * anyway, so it has one leader; PostgreSQL a few, whose commits its WAL writer merges further. With
 * it off, each write is a transaction of its own (on SQLite queued in order here, which beats its
 * busy handler's sleep-and-retry).
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

  /** A queued write: its result or error once committed, and whether its thread was made leader. */
  private static final class Waiting {
    final Tx<?> tx;
    final Thread thread = Thread.currentThread();
    volatile boolean done;
    volatile boolean leader;
    Object result;
    Exception error;

    Waiting(Tx<?> tx) {
      this.tx = tx;
    }

    void finish(Object result, Exception error) {
      this.result = result;
      this.error = error;
      done = true; // publishes result and error
      LockSupport.unpark(thread);
    }
  }

  private final String name;
  private final DataSource ds;
  private final boolean group;
  private final int maxLeaders;
  private final ReentrantLock sqliteWriter; // group commit off on SQLite: one writer at a time
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Waiting> queue = new ArrayDeque<>(); // guarded by lock
  private int leaders; // guarded by lock
  private volatile boolean closed;

  /** Group commit on or off for {@code db}; {@code name} names the store in errors. */
  public GroupCommit(Database db, String name, boolean group) {
    this.name = name;
    this.ds = db.dataSource();
    this.group = group;
    this.sqliteWriter = db.sqlite() && !group ? new ReentrantLock(true) : null;
    this.maxLeaders = db.sqlite() ? 1 : 4;
  }

  /** Runs the write and returns its result once it is committed; its exception if it failed. */
  @SuppressWarnings("unchecked")
  public <T> T write(Tx<T> tx) throws SQLException {
    if (closed) throw new SQLException(name + ": the store is closed");
    if (!group) return alone(tx);
    Waiting w = new Waiting(tx);
    lock.lock();
    try {
      queue.add(w);
      if (leaders < maxLeaders) {
        leaders++;
        w.leader = true;
      }
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    while (!w.done && !w.leader) { // a follower: until committed, or made leader
      LockSupport.park(this);
      interrupted |= Thread.interrupted(); // the commit decides the answer: wait for it anyway
    }
    if (w.leader) interrupted |= lead(w);
    if (interrupted) Thread.currentThread().interrupt();
    if (w.error instanceof SQLException s) throw s;
    if (w.error instanceof RuntimeException r) throw r;
    return (T) w.result;
  }

  /**
   * Commits batches from the queue until {@code w}'s is committed, then hands the lead to the first
   * write still queued (or gives it up); true if the thread was interrupted meanwhile.
   */
  private boolean lead(Waiting w) {
    boolean interrupted = false;
    while (!w.done) {
      List<Waiting> batch = new ArrayList<>();
      lock.lock();
      try {
        for (Waiting q; batch.size() < MAX_BATCH && (q = queue.poll()) != null; ) batch.add(q);
      } finally {
        lock.unlock();
      }
      if (batch.isEmpty()) { // another leader (PostgreSQL) is committing it
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      } else {
        writeBatch(batch);
      }
    }
    lock.lock();
    try {
      Waiting next = null;
      for (Waiting q : queue) {
        if (!q.leader) {
          next = q;
          break;
        }
      }
      if (next == null) leaders--;
      else {
        next.leader = true;
        LockSupport.unpark(next.thread);
      }
    } finally {
      lock.unlock();
    }
    return interrupted;
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

  private void writeBatch(List<Waiting> batch) {
    Object[] results = new Object[batch.size()];
    Exception[] errors = new Exception[batch.size()];
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (int i = 0; i < batch.size(); i++) {
          Savepoint sp = c.setSavepoint();
          try {
            results[i] = batch.get(i).tx.run(c);
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
    } catch (SQLException | RuntimeException e) {
      // Nothing of the batch is committed: every waiter hears why (a 503 at the edge).
      batch.forEach(w -> w.finish(null, e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) batch.get(i).finish(results[i], errors[i]);
  }

  /** Refuses new writes and waits (up to 10 s) until the queued ones are committed. */
  @Override
  public void close() {
    closed = true;
    for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; ) {
      lock.lock();
      try {
        if (leaders == 0) return;
      } finally {
        lock.unlock();
      }
      LockSupport.parkNanos(1_000_000);
    }
  }
}
