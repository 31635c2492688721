package dev.kez.chat.server.live;

import dev.kez.chat.protocol.Handle;
import dev.kez.chat.protocol.LogEntry;
import dev.kez.chat.protocol.WsFrame;
import dev.kez.chat.server.Authenticator;
import dev.kez.chat.server.store.ChatStore;
import dev.kez.core.MalformedException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live delivery (SPEC.md §kez-chat.6): the authenticated WebSockets of each handle, told when the
 * handle's log grew — by this node's posts directly, and by other nodes' posts through PostgreSQL
 * {@code LISTEN/NOTIFY} (the commit of a post notifies each handle it appended to). Each socket
 * then reads what it has not sent yet from the store, so a notification lost or repeated costs
 * nothing but a read.
 */
public final class Hub implements WebSocketCreator, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

  final ChatStore store;
  final Authenticator auth;
  final long bufferLimit;
  final long heartbeatMillis;
  final long authTimeoutMillis;
  final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("kez-chat-ws-timer").unstarted(r));
  final ExecutorService workers =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("kez-chat-ws-", 0).factory());
  private final ConcurrentHashMap<Handle, Set<ChatSocket>> live = new ConcurrentHashMap<>();
  private final Set<ChatSocket> all = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private Thread listener;

  public Hub(
      ChatStore store,
      Authenticator auth,
      long bufferLimit,
      int heartbeatSeconds,
      java.time.Duration authTimeout) {
    this.authTimeoutMillis = authTimeout.toMillis();
    this.store = store;
    this.auth = auth;
    this.bufferLimit = bufferLimit;
    this.heartbeatMillis = heartbeatSeconds * 1000L;
    timer.scheduleAtFixedRate(
        () -> all.forEach(ChatSocket::heartbeat),
        heartbeatMillis,
        heartbeatMillis,
        TimeUnit.MILLISECONDS);
    if (!store.database().sqlite())
      listener = Thread.ofPlatform().daemon().name("kez-chat-listen").start(this::listen);
  }

  /**
   * Upgrades {@code /v1/ws/{handle}} for a known handle; refusals are JSON like any other (400,
   * 404), and then null: Jetty's creator contract for "answered here, no upgrade".
   */
  @Override
  public @Nullable Object createWebSocket(
      ServerUpgradeRequest req, ServerUpgradeResponse res, org.eclipse.jetty.util.Callback cb)
      throws Exception {
    String path = req.getHttpURI().getPath();
    String raw = path.substring(path.lastIndexOf('/') + 1);
    Handle h;
    try {
      if (!path.equals("/v1/ws/" + raw))
        throw new MalformedException("invalid handle: the path is /v1/ws/{handle}");
      h = Handle.parse(raw);
    } catch (MalformedException e) {
      Response.writeError(req, res, cb, 400, e.getMessage());
      return null;
    }
    var row = store.handle(h);
    if (row.isEmpty()) {
      Response.writeError(req, res, cb, 404, "no handle @" + h + " here");
      return null;
    }
    ChatSocket s = new ChatSocket(this, row.get());
    all.add(s);
    return s;
  }

  /** The handle's log grew: every live socket of it sends what is new. */
  public void logGrew(Handle h) {
    Set<ChatSocket> sockets = live.get(h);
    if (sockets != null) sockets.forEach(s -> workers.execute(s::pump));
  }

  /**
   * This node appended {@code e} to {@code h}'s log: a socket that has sent everything before it
   * sends it as it is, without reading it back from the store; any other reads (as {@link
   * #logGrew}). On the poster's (virtual) thread: a hop less before the entry leaves.
   */
  public void appended(Handle h, LogEntry e) {
    Set<ChatSocket> sockets = live.get(h);
    if (sockets == null) return;
    String text = new WsFrame.Entry(e).text(); // once for every socket of the handle
    sockets.forEach(s -> s.deliver(e.seq(), text));
  }

  /** Whether the handle has an authenticated socket on this node (then no Web Push is sent). */
  public boolean isLive(Handle h) {
    Set<ChatSocket> s = live.get(h);
    return s != null && !s.isEmpty();
  }

  void authenticated(ChatSocket s) {
    live.computeIfAbsent(s.handle(), k -> ConcurrentHashMap.newKeySet()).add(s);
  }

  void closed(ChatSocket s) {
    all.remove(s);
    live.computeIfPresent(
        s.handle(),
        (k, set) -> {
          set.remove(s);
          return set.isEmpty() ? null : set;
        });
  }

  /**
   * PostgreSQL: one connection LISTENs; each notification names a handle whose log grew. Reconnects
   * on failure.
   */
  private void listen() {
    while (!closed) {
      try (Connection c = DriverManager.getConnection(store.database().url());
          Statement st = c.createStatement()) {
        st.execute("LISTEN " + ChatStore.CHANNEL);
        PGConnection pg = c.unwrap(PGConnection.class);
        // Entries committed while this node was not listening: every live socket catches up.
        live.keySet().forEach(this::logGrew);
        while (!closed) {
          PGNotification[] ns = pg.getNotifications(1000);
          if (ns == null) continue;
          for (PGNotification n : ns) {
            try {
              logGrew(new Handle(n.getParameter()));
            } catch (MalformedException ignored) {
              // not one of ours
            }
          }
        }
      } catch (SQLException e) {
        if (closed) return;
        LOG.warn("LISTEN connection lost ({}); reconnecting", e.getSQLState());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    workers.shutdownNow();
    if (listener != null) listener.interrupt();
  }
}
