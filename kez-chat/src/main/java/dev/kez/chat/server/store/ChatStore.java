package dev.kez.chat.server.store;

import dev.kez.chat.protocol.ChatKey;
import dev.kez.chat.protocol.Envelope;
import dev.kez.chat.protocol.Handle;
import dev.kez.chat.protocol.LogEntry;
import dev.kez.core.crypto.Digests;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.json.Jcs;
import dev.kez.core.json.Json;
import dev.kez.server.Database;
import dev.kez.server.GroupCommit;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * kez-chat's tables in SQLite or PostgreSQL (SPEC.md §kez-chat.9). Knows rows and the log rules
 * (seq from 1, no gaps, (from, id) unique), not HTTP: every write returns a result the edge maps to
 * a status. Each write is acknowledged only after its commit; with group commit on, concurrent
 * writes share one transaction and one fsync, each in a savepoint of its own ({@link GroupCommit}).
 */
public final class ChatStore implements AutoCloseable {
  /** The PostgreSQL channel on which a commit announces the handles whose logs grew. */
  public static final String CHANNEL = "kez_chat_log";

  public record HandleRow(Handle handle, PublicKey key, long head) {}

  public record Subscription(Handle handle, String endpoint, String p256dh, String auth) {}

  /** What a write did. */
  public enum Write {
    CREATED,
    SAME,
    CONFLICT,
    UNKNOWN
  }

  /** What posting an envelope did; {@code seq} is the entry's place in the sender's log. */
  public record Posted(Write outcome, long seq, long recipientSeq) {}

  private final Database db;
  private final DataSource ds;
  private final GroupCommit writes;
  // Parsed handle keys, reused: a key decodes its point on its first verify, and a handle's key
  // never changes, so a fresh object per request would redo that (a seventh of a post's CPU).
  private final ConcurrentHashMap<String, PublicKey> keys = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Handle, PublicKey> bound = new ConcurrentHashMap<>();

  private ChatStore(Database db, boolean groupCommit) {
    this.db = db;
    this.ds = db.dataSource();
    this.writes = new GroupCommit(db, "kez-chat-commit", groupCommit);
  }

  /** Opens the store with group commit on (see {@link #open(String, boolean)}). */
  public static ChatStore open(String url) {
    return open(url, true);
  }

  /**
   * Opens (and migrates) the store; with {@code groupCommit} off every write commits (and fsyncs)
   * alone.
   */
  public static ChatStore open(String url, boolean groupCommit) {
    return new ChatStore(Database.open(url, "kez-chat-db", "classpath:db/chat"), groupCommit);
  }

  public Database database() {
    return db;
  }

  public boolean healthy() {
    return db.healthy();
  }

  public Optional<HandleRow> handle(Handle h) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT pubkey, head FROM handles WHERE handle = ?")) {
      ps.setString(1, h.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new HandleRow(h, key(rs.getString(1)), rs.getLong(2)))
            : Optional.empty();
      }
    }
  }

  /**
   * The key a handle is bound to, from memory after the first read: a binding never changes
   * (SPEC.md §16.1), so the requests that need only the key skip a query.
   */
  public Optional<PublicKey> boundKey(Handle h) throws SQLException {
    PublicKey k = bound.get(h);
    if (k != null) return Optional.of(k);
    Optional<HandleRow> row = handle(h);
    row.ifPresent(r -> {
      if (bound.size() >= 100_000) bound.clear(); // a cache, not a copy of the table
      bound.put(h, r.key());
    });
    return row.map(HandleRow::key);
  }

  /** Binds a handle to a key: CREATED, SAME (the same key again) or CONFLICT (another key). */
  public Write register(Handle h, PublicKey key, long now) throws SQLException {
    return writes.write(c -> {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO handles (handle, pubkey, head, created_at) VALUES (?, ?, 0, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, h.value());
        ps.setString(2, key.encoded());
        ps.setLong(3, now);
        if (ps.executeUpdate() == 1) return Write.CREATED;
      }
      try (PreparedStatement ps =
          c.prepareStatement("SELECT pubkey FROM handles WHERE handle = ?")) {
        ps.setString(1, h.value());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1).equals(key.encoded()) ? Write.SAME : Write.CONFLICT;
        }
      }
    });
  }

  /** Adds a verified chat_key record: CREATED or SAME. */
  public Write addEncKey(Handle h, ChatKey record, long now) throws SQLException {
    String json = record.canonicalJson();
    return writes.write(c -> {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO enc_keys (handle, record_hash, record, expires_at, added_at)"
                  + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, h.value());
        ps.setString(2, hex(json));
        ps.setString(3, json);
        ps.setObject(4, record.expiresAt().orElse(null));
        ps.setLong(5, now);
        return ps.executeUpdate() == 1 ? Write.CREATED : Write.SAME;
      }
    });
  }

  /** The handle's records that have not expired at {@code now}, oldest first. */
  public List<ChatKey> encKeys(Handle h, long now) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT record FROM enc_keys WHERE handle = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY added_at, record_hash")) {
      ps.setString(1, h.value());
      ps.setLong(2, now);
      List<ChatKey> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(ChatKey.parse(rs.getString(1)));
      }
      return out;
    }
  }

  /**
   * Appends an envelope to the recipient's and the sender's logs (one entry when they are the same
   * handle), each at its next seq, in one transaction. Idempotent on (from, id): the same envelope
   * again is SAME with the first answer, another envelope with that id is CONFLICT. UNKNOWN: the
   * recipient has no handle here.
   */
  public Posted post(Handle from, Envelope env, long now) throws SQLException {
    String body = Jcs.canonicalString(env.toJson()); // Envelope.canonicalBytes, as a String
    for (int attempt = 0; ; attempt++) {
      try {
        return writes.write(c -> postTx(c, from, env, body, now));
      } catch (SQLException e) {
        // Two nodes inserted the same (from, id) at once, or two batches' row locks deadlocked
        // (PostgreSQL): the loser tries again, and re-reads SAME or CONFLICT.
        if (!Database.isLostRace(e) || attempt > 2) throw e;
      }
    }
  }

  private Posted postTx(Connection c, Handle from, Envelope env, String body, long now)
      throws SQLException {
    try (Database.Statement st =
        db.statement(
            c, "SELECT seq, envelope FROM log WHERE handle = ? AND sender = ? AND msg_id = ?")) {
      PreparedStatement ps = st.ps();
      ps.setString(1, from.value());
      ps.setString(2, from.value());
      ps.setString(3, env.id());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next())
          return new Posted(
              rs.getString(2).equals(body) ? Write.SAME : Write.CONFLICT, rs.getLong(1), 0);
      }
    }
    // Row locks in handle order, so two posts in opposite directions never deadlock.
    TreeSet<String> handles = new TreeSet<>(List.of(from.value(), env.to().value()));
    // Both handles exist before anything is written: this write may share its transaction.
    try (Database.Statement st =
        db.statement(c, "SELECT count(*) FROM handles WHERE handle IN (?, ?)")) {
      PreparedStatement ps = st.ps();
      ps.setString(1, from.value());
      ps.setString(2, env.to().value());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getInt(1) != handles.size()) return new Posted(Write.UNKNOWN, 0, 0);
      }
    }
    long senderSeq = 0;
    long recipientSeq = 0;
    for (String h : handles) {
      long seq;
      try (Database.Statement st =
          db.statement(c, "UPDATE handles SET head = head + 1 WHERE handle = ? RETURNING head")) {
        PreparedStatement ps = st.ps();
        ps.setString(1, h);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          seq = rs.getLong(1);
        }
      }
      try (Database.Statement st =
          db.statement(
              c,
              "INSERT INTO log (handle, seq, sender, msg_id, envelope, received_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        PreparedStatement ps = st.ps();
        ps.setString(1, h);
        ps.setLong(2, seq);
        ps.setString(3, from.value());
        ps.setString(4, env.id());
        ps.setString(5, body);
        ps.setLong(6, now);
        ps.executeUpdate();
      }
      if (h.equals(from.value())) senderSeq = seq;
      if (h.equals(env.to().value())) recipientSeq = seq;
    }
    if (!db.sqlite()) {
      for (String h : handles) {
        try (Database.Statement st = db.statement(c, "SELECT pg_notify(?, ?)")) {
          PreparedStatement ps = st.ps(); // delivered at commit
          ps.setString(1, CHANNEL);
          ps.setString(2, h);
          ps.execute();
        }
      }
    }
    return new Posted(Write.CREATED, senderSeq, recipientSeq);
  }

  /** Entries with {@code seq > after}, at most {@code limit}, in seq order. */
  public List<LogEntry> entries(Handle h, long after, int limit) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT seq, sender, received_at, envelope FROM log WHERE handle = ? AND seq > ? ORDER BY seq LIMIT ?")) {
      ps.setString(1, h.value());
      ps.setLong(2, after);
      ps.setInt(3, limit);
      List<LogEntry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new LogEntry(
                  rs.getLong(1),
                  new Handle(rs.getString(2)),
                  rs.getLong(3),
                  Envelope.parse(Json.parseObject(rs.getString(4)))));
        }
      }
      return out;
    }
  }

  /** Stores (or replaces the keys of) a push subscription: CREATED, SAME or UNKNOWN handle. */
  public Write subscribe(Subscription s, long now) throws SQLException {
    return writes.write(c -> {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT p256dh, auth FROM push_subscriptions WHERE handle = ? AND endpoint = ?")) {
        ps.setString(1, s.handle().value());
        ps.setString(2, s.endpoint());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getString(1).equals(s.p256dh()) && rs.getString(2).equals(s.auth()))
            return Write.SAME;
        }
      }
      try (PreparedStatement del =
              c.prepareStatement(
                  "DELETE FROM push_subscriptions WHERE handle = ? AND endpoint = ?");
          PreparedStatement ins =
              c.prepareStatement(
                  "INSERT INTO push_subscriptions (handle, endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?)")) {
        del.setString(1, s.handle().value());
        del.setString(2, s.endpoint());
        del.executeUpdate();
        ins.setString(1, s.handle().value());
        ins.setString(2, s.endpoint());
        ins.setString(3, s.p256dh());
        ins.setString(4, s.auth());
        ins.setLong(5, now);
        ins.executeUpdate();
        return Write.CREATED;
      }
    });
  }

  /**
   * Deletes a subscription; with keys given, only if it still has exactly those keys (a push
   * service's 404/410 about an old subscription must not remove a newer one for that endpoint).
   */
  public boolean unsubscribe(Handle h, String endpoint, Subscription ifUnchanged)
      throws SQLException {
    return writes.write(c -> {
      String sql =
          "DELETE FROM push_subscriptions WHERE handle = ? AND endpoint = ?"
              + (ifUnchanged == null ? "" : " AND p256dh = ? AND auth = ?");
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, h.value());
        ps.setString(2, endpoint);
        if (ifUnchanged != null) {
          ps.setString(3, ifUnchanged.p256dh());
          ps.setString(4, ifUnchanged.auth());
        }
        return ps.executeUpdate() > 0;
      }
    });
  }

  public List<Subscription> subscriptions(Handle h) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE handle = ? ORDER BY endpoint")) {
      ps.setString(1, h.value());
      List<Subscription> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          out.add(new Subscription(h, rs.getString(1), rs.getString(2), rs.getString(3)));
      }
      return out;
    }
  }

  private PublicKey key(String encoded) {
    PublicKey k = keys.get(encoded);
    if (k != null) return k;
    if (keys.size() >= 100_000) keys.clear(); // bounded: a cache, not a copy of the table
    k = PublicKey.parse(encoded);
    keys.put(encoded, k);
    return k;
  }

  private static String hex(String s) {
    return HexFormat.of().formatHex(Digests.sha256(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void close() {
    writes.close();
    db.close();
  }
}
