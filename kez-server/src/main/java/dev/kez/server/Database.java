package dev.kez.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A server's database: SQLite (one file, the zero-config default) or PostgreSQL (several nodes),
 * pooled by HikariCP and migrated by Flyway from the caller's migration folder.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource ds;
  private final boolean sqlite;
  private final String url;
  // SQLite's driver compiles every prepareStatement anew (≈ 40 % of a cached chain read's CPU):
  // the hot statements are kept per physical connection, each used only by its connection's holder.
  private final Map<Connection, Map<String, PreparedStatement>> kept = new IdentityHashMap<>();

  private Database(HikariDataSource ds, boolean sqlite, String url) {
    this.ds = ds;
    this.sqlite = sqlite;
    this.url = url;
  }

  /**
   * Opens and migrates the database at a JDBC URL: {@code jdbc:sqlite:FILE} or {@code
   * jdbc:postgresql://…}; a bare path means an SQLite file.
   */
  public static Database open(String db, String poolName, String migrations) {
    String url = db.startsWith("jdbc:") ? db : "jdbc:sqlite:" + db;
    boolean sqlite = url.startsWith("jdbc:sqlite:");
    if (!sqlite && !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "unsupported database URL (use jdbc:sqlite:FILE or jdbc:postgresql://…): " + redact(url));
    }
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setPoolName(poolName);
    hc.setConnectionTimeout(5_000);
    if (sqlite) {
      createParent(url.substring("jdbc:sqlite:".length()));
      // WAL lets readers run beside the writer; FULL fsyncs each commit, so an acknowledged
      // write survives a power cut too; IMMEDIATE takes the write lock at BEGIN, so two writers
      // queue on busy_timeout instead of deadlocking on a lock upgrade.
      hc.addDataSourceProperty("journal_mode", "WAL");
      hc.addDataSourceProperty("synchronous", "FULL");
      hc.addDataSourceProperty("busy_timeout", "10000");
      hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
      hc.setMaximumPoolSize(4);
    } else {
      hc.setMaximumPoolSize(16);
      hc.addDataSourceProperty("options", "-c statement_timeout=10000");
    }
    HikariDataSource ds = new HikariDataSource(hc);
    try {
      Flyway.configure().dataSource(ds).locations(migrations).load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new Database(ds, sqlite, url);
  }

  private static void createParent(String file) {
    if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) return;
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      if (parent != null) Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public DataSource dataSource() {
    return ds;
  }

  public boolean sqlite() {
    return sqlite;
  }

  /** The JDBC URL (with its password: never log it, use {@link #redact}). */
  public String url() {
    return url;
  }

  /** The URL without its password, for logs and errors. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***")
        .replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
  }

  /**
   * A statement for {@code sql} on {@code c}, which the caller closes: on SQLite one kept for the
   * connection and only cleared by {@link Statement#close}; on PostgreSQL a new one (its driver
   * keeps the server-side plan itself).
   */
  public Statement statement(Connection c, String sql) throws SQLException {
    if (!sqlite) return new Statement(c.prepareStatement(sql), true);
    Connection raw = c.unwrap(Connection.class);
    Map<String, PreparedStatement> mine;
    synchronized (kept) {
      mine = kept.get(raw);
      if (mine == null) {
        kept.keySet().removeIf(Database::isClosed); // the pool retired them
        kept.put(raw, mine = new HashMap<>());
      }
    }
    PreparedStatement ps = mine.get(sql);
    if (ps == null || ps.isClosed()) mine.put(sql, ps = raw.prepareStatement(sql));
    return new Statement(ps, false);
  }

  /** A prepared statement that is closed, or only cleared when its connection keeps it. */
  public record Statement(PreparedStatement ps, boolean owned) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      if (owned) {
        ps.close();
      } else {
        ps.clearParameters();
        ps.clearBatch(); // a batch an error cut short must not run with the next use
      }
    }
  }

  private static boolean isClosed(Connection c) {
    try {
      return c.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  /** Whether the database answers. */
  public boolean healthy() {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    } catch (SQLException e) {
      return false;
    }
  }

  /** Whether a write failed on a primary-key or unique constraint, in either database. */
  public static boolean isUniqueViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        if ("23505".equals(s.getSQLState())) return true; // PostgreSQL unique_violation
        String m = String.valueOf(s.getMessage());
        if (m.contains("SQLITE_CONSTRAINT_PRIMARYKEY") || m.contains("SQLITE_CONSTRAINT_UNIQUE"))
          return true;
      }
      if (t instanceof java.sql.BatchUpdateException b
          && b.getNextException() != null
          && isUniqueViolation(b.getNextException())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a write lost a race to another writer and may be tried again: a unique violation, or
   * PostgreSQL's deadlock and serialization failures (writes batched by {@link GroupCommit} hold
   * row locks of several requests at once).
   */
  public static boolean isLostRace(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s
          && ("40P01".equals(s.getSQLState()) || "40001".equals(s.getSQLState()))) return true;
    }
    return isUniqueViolation(e);
  }

  public static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is going back to the pool, which resets it
    }
  }

  @Override
  public void close() {
    ds.close();
  }
}
