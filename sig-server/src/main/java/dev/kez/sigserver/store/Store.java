package dev.kez.sigserver.store;

import dev.kez.server.Database;
import dev.kez.server.GroupCommit;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The sigchain tables in SQLite or PostgreSQL. Knows rows, not rules: the caller verifies links and
 * this class only stores them, atomically, and refuses a write whose expected head is no longer the
 * head (another request or another node got there first).
 */
public final class Store implements AutoCloseable {
  /** The head of a stored chain. */
  public record Head(long seq, String hash, String primaryKey) {}

  /** A verified link to store, with the keys it brings into the chain. */
  public record NewLink(long seq, String hash, String body, List<KeyRef> keys) {}

  /** A key's membership in a chain. */
  public record KeyRef(String key, String chain, String role, long seq) {}

  /** A conflicting link kept as fork evidence. */
  public record ForkRow(long seq, String hash, String body, long receivedAt) {}

  /** A stored link's row. */
  public record LinkRow(long seq, String hash, String body) {}

  /** Receives stored link rows in seq order. */
  @FunctionalInterface
  public interface RowSink {
    void accept(LinkRow row) throws IOException;
  }

  private final Database db;
  private final DataSource ds;
  private final GroupCommit writes;
  private final @Nullable BatchedReads reads; // PostgreSQL: a query per read is its cost

  private Store(Database db, boolean groupCommit) {
    this.db = db;
    this.ds = db.dataSource();
    this.writes = new GroupCommit(db, "kez-sig-commit", groupCommit);
    this.reads = db.sqlite() ? null : new BatchedReads(this::tails);
  }

  /** Opens the store with group commit on (see {@link #open(String, boolean)}). */
  public static Store open(String db) {
    return open(db, true);
  }

  /**
   * Opens (and migrates) the store at a JDBC URL: {@code jdbc:sqlite:FILE} or {@code
   * jdbc:postgresql://…}. A bare path means an SQLite file. With {@code groupCommit}, concurrent
   * appends share one transaction and one fsync ({@link GroupCommit}); without it, every append
   * commits (and fsyncs) on its own.
   */
  public static Store open(String db, boolean groupCommit) {
    return new Store(Database.open(db, "kez-sig-db", "classpath:db/migration"), groupCommit);
  }

  public Optional<Head> head(String chain) throws SQLException {
    try (Connection c = ds.getConnection();
        Database.Statement st =
            db.statement(c, "SELECT seq, hash, primary_key FROM chains WHERE chain = ?")) {
      PreparedStatement ps = st.ps();
      ps.setString(1, chain);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Head(rs.getLong(1), rs.getString(2), rs.getString(3)))
            : Optional.empty();
      }
    }
  }

  /** Streams the links with {@code from <= seq <= to}, in seq order. */
  public void links(String chain, long from, long to, RowSink sink)
      throws SQLException, IOException {
    try (Connection c = ds.getConnection();
        Database.Statement st =
            db.statement(
                c,
                "SELECT seq, hash, body FROM links WHERE chain = ? AND seq >= ? AND seq <= ? ORDER BY seq")) {
      PreparedStatement ps = st.ps();
      ps.setString(1, chain);
      ps.setLong(2, from);
      ps.setLong(3, to);
      ps.setFetchSize(500);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) sink.accept(new LinkRow(rs.getLong(1), rs.getString(2), rs.getString(3)));
      }
    }
  }

  /**
   * The links with {@code seq >= from}, in seq order, as one snapshot. On PostgreSQL concurrent
   * calls share one query ({@link BatchedReads}); SQLite answers in process, so each asks alone.
   */
  public List<LinkRow> tail(String chain, long from) throws SQLException {
    return reads == null ? links(chain, from, Long.MAX_VALUE) : reads.tail(chain, from);
  }

  /**
   * {@link BatchedReads}' query: every chain's links from its seq on, in one PostgreSQL statement.
   */
  private Map<String, List<LinkRow>> tails(Map<String, Long> from) throws SQLException {
    if (from.size() == 1) { // alone: the plain query, which PostgreSQL plans and runs for less
      var one = from.entrySet().iterator().next();
      return Map.of(one.getKey(), links(one.getKey(), one.getValue(), Long.MAX_VALUE));
    }
    String[] chains = from.keySet().toArray(String[]::new);
    Long[] seqs = Arrays.stream(chains).map(from::get).toArray(Long[]::new);
    Map<String, List<LinkRow>> out = new HashMap<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT a.chain, l.seq, l.hash, l.body FROM unnest(?::text[], ?::bigint[]) AS a(chain, from_seq)"
                    + " CROSS JOIN LATERAL (SELECT seq, hash, body FROM links"
                    + " WHERE chain = a.chain AND seq >= a.from_seq ORDER BY seq) l")) {
      ps.setArray(1, c.createArrayOf("text", chains));
      ps.setArray(2, c.createArrayOf("bigint", seqs));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(new LinkRow(rs.getLong(2), rs.getString(3), rs.getString(4)));
      }
    }
    return out;
  }

  public List<LinkRow> links(String chain, long from, long to) throws SQLException {
    List<LinkRow> out = new ArrayList<>();
    try {
      links(chain, from, to, out::add);
    } catch (IOException e) {
      throw new AssertionError(e); // a list never throws
    }
    return out;
  }

  public List<KeyRef> chainsOfKey(String key) throws SQLException {
    return list(
        "SELECT key, chain, role, seq FROM chain_keys WHERE key = ? ORDER BY chain",
        key,
        rs -> new KeyRef(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
  }

  public List<ForkRow> forks(String chain) throws SQLException {
    return list(
        "SELECT seq, hash, body, received_at FROM forks WHERE chain = ? ORDER BY seq, received_at, hash",
        chain,
        rs -> new ForkRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
  }

  /** One row of a result set as a value. */
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** The rows of a query with one string parameter. */
  private <T> List<T> list(String sql, String param, RowMapper<T> mapper) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, param);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(mapper.map(rs));
      }
      return out;
    }
  }

  /**
   * Appends links after {@code expected} (null: the chain is new) and moves the head to the last of
   * them, in one transaction. Returns false, writing nothing, when the head moved meanwhile or a
   * link at one of these seqs exists already: the caller re-reads and decides. Returns only after
   * the commit.
   */
  public boolean append(String chain, Head expected, List<NewLink> links, Head newHead)
      throws SQLException {
    Append a = new Append(chain, expected, links, newHead);
    try {
      return writes.write(c -> write(db, c, a));
    } catch (SQLException e) {
      if (Database.isLostRace(e)) return false; // the caller re-reads
      throw e;
    }
  }

  /** An append waiting to be written: links after {@code expected} (null: a new chain). */
  record Append(String chain, Head expected, List<NewLink> links, Head newHead) {}

  /**
   * Writes one append inside the caller's transaction: moves the head if it is still {@code
   * expected} and inserts the links. False when the head moved, having written nothing; a unique
   * violation (another writer stored one of these seqs) is thrown for the caller.
   */
  static boolean write(Database db, Connection c, Append a) throws SQLException {
    Head newHead = a.newHead();
    if (a.expected() == null) {
      try (Database.Statement st =
          db.statement(
              c, "INSERT INTO chains (chain, seq, hash, primary_key) VALUES (?, ?, ?, ?)")) {
        PreparedStatement ps = st.ps();
        ps.setString(1, a.chain());
        ps.setLong(2, newHead.seq());
        ps.setString(3, newHead.hash());
        ps.setString(4, newHead.primaryKey());
        ps.executeUpdate();
      }
    } else {
      try (Database.Statement st =
          db.statement(
              c,
              "UPDATE chains SET seq = ?, hash = ?, primary_key = ? WHERE chain = ? AND seq = ? AND hash = ?")) {
        PreparedStatement ps = st.ps();
        ps.setLong(1, newHead.seq());
        ps.setString(2, newHead.hash());
        ps.setString(3, newHead.primaryKey());
        ps.setString(4, a.chain());
        ps.setLong(5, a.expected().seq());
        ps.setString(6, a.expected().hash());
        if (ps.executeUpdate() != 1) return false;
      }
    }
    try (Database.Statement st =
        db.statement(c, "INSERT INTO links (chain, seq, hash, body) VALUES (?, ?, ?, ?)")) {
      PreparedStatement ps = st.ps();
      for (NewLink l : a.links()) {
        ps.setString(1, a.chain());
        ps.setLong(2, l.seq());
        ps.setString(3, l.hash());
        ps.setString(4, l.body());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    if (a.links().stream().allMatch(l -> l.keys().isEmpty()))
      return true; // most links (adds) bring no key: no statement to prepare
    try (Database.Statement kst =
        db.statement(
            c,
            "INSERT INTO chain_keys (key, chain, role, seq) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      PreparedStatement ks = kst.ps();
      for (NewLink l : a.links()) {
        for (KeyRef k : l.keys()) {
          ks.setString(1, k.key());
          ks.setString(2, k.chain());
          ks.setString(3, k.role());
          ks.setLong(4, k.seq());
          ks.addBatch();
        }
      }
      ks.executeBatch();
    }
    return true;
  }

  /** Keeps a conflicting link as fork evidence (once per distinct link). */
  public void recordFork(String chain, long seq, String hash, String body, long receivedAt)
      throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO forks (chain, seq, hash, body, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, chain);
      ps.setLong(2, seq);
      ps.setString(3, hash);
      ps.setString(4, body);
      ps.setLong(5, receivedAt);
      ps.executeUpdate();
    }
  }

  /** Whether the database answers. */
  public boolean healthy() {
    return db.healthy();
  }

  @Override
  public void close() {
    writes.close();
    db.close();
  }
}
