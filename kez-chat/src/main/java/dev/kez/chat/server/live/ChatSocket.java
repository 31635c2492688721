package dev.kez.chat.server.live;

import dev.kez.chat.protocol.ChatAuth;
import dev.kez.chat.protocol.Handle;
import dev.kez.chat.protocol.LogEntry;
import dev.kez.chat.protocol.WsFrame;
import dev.kez.chat.server.store.ChatStore.HandleRow;
import dev.kez.core.crypto.Base64Url;
import dev.kez.server.ApiError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One {@code /v1/ws/{handle}} connection (SPEC.md §kez-chat.6, chat.md §6 and §8): challenge, auth
 * (bad: close 4401; none within 10 s: close 4408), {@code ready}, then every new entry, and {@code
 * sync} answered by the entries after a seq and {@code synced}. What is queued to the client is
 * bounded: a client that reads too slowly is disconnected (it resyncs on reconnect) instead of
 * growing the server's memory. Pings keep the path open; a peer that stops answering them is
 * dropped.
 */
public final class ChatSocket implements Session.Listener.AutoDemanding {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int PAGE = 500;
  static final int CLOSE_TOO_SLOW = 4429;
  static final int CLOSE_BAD_FRAME = 4400;

  private final Hub hub;
  private final HandleRow row;
  private final byte[] nonce = new byte[ChatAuth.NONCE_BYTES];
  private final AtomicLong queued = new AtomicLong();
  private volatile Session session;
  private volatile boolean authed;
  private volatile long lastHeard = System.nanoTime();
  private ScheduledFuture<?> authTimeout;

  /** The newest seq sent live (guarded by this). */
  private long sent;

  ChatSocket(Hub hub, HandleRow row) {
    this.hub = hub;
    this.row = row;
    RANDOM.nextBytes(nonce);
  }

  Handle handle() {
    return row.handle();
  }

  @Override
  public void onWebSocketOpen(Session s) {
    session = s;
    send(new WsFrame.Challenge(Base64Url.encode(nonce)));
    authTimeout =
        hub.timer.schedule(
            () -> {
              if (!authed)
                s.close(
                    WsFrame.CLOSE_AUTH_TIMEOUT,
                    "not authenticated within " + WsFrame.AUTH_TIMEOUT_SECONDS + " s",
                    Callback.NOOP);
            },
            hub.authTimeoutMillis,
            TimeUnit.MILLISECONDS);
  }

  @Override
  public void onWebSocketText(String text) {
    lastHeard = System.nanoTime();
    WsFrame frame;
    try {
      frame = WsFrame.parse(text);
    } catch (RuntimeException e) {
      close(
          authed ? CLOSE_BAD_FRAME : WsFrame.CLOSE_BAD_AUTH,
          authed ? "malformed frame" : "unauthorized");
      return;
    }
    if (!authed) {
      if (!(frame instanceof WsFrame.Auth a)) {
        close(WsFrame.CLOSE_BAD_AUTH, "unauthorized");
        return;
      }
      hub.workers.execute(() -> authenticate(a));
      return;
    }
    if (frame instanceof WsFrame.Sync s && s.after() >= 0)
      hub.workers.execute(() -> sync(s.after()));
    else close(CLOSE_BAD_FRAME, "expected a sync frame");
  }

  private synchronized void authenticate(WsFrame.Auth a) {
    if (authed || session == null || !session.isOpen()) return;
    try {
      hub.auth.accept(
          ChatAuth.forWebSocket(row.handle(), row.key(), nonce, a.header().ts()), a.header());
    } catch (ApiError e) {
      close(WsFrame.CLOSE_BAD_AUTH, "unauthorized");
      return;
    }
    try {
      sent = hub.store.handle(row.handle()).orElseThrow().head();
    } catch (SQLException e) {
      close(1011, "storage unavailable");
      return;
    }
    authed = true;
    authTimeout.cancel(false);
    send(new WsFrame.Ready(sent));
    hub.authenticated(this);
    pump(); // anything stored between reading the head and joining the hub
  }

  /** Sends every entry after the last one sent. */
  synchronized void pump() {
    if (!authed) return;
    try {
      for (List<LogEntry> page; !(page = hub.store.entries(row.handle(), sent, PAGE)).isEmpty(); ) {
        for (LogEntry e : page) {
          if (!send(new WsFrame.Entry(e))) return;
          sent = e.seq();
        }
      }
    } catch (SQLException e) {
      close(1011, "storage unavailable");
    }
  }

  /** Sends the entry at {@code seq} (its frame {@code text}) if it is the next one, else pumps. */
  synchronized void deliver(long seq, String text) {
    if (!authed || seq <= sent) return;
    if (seq != sent + 1) pump(); // entries before it are not sent yet (or were being read)
    else if (send(text)) sent = seq;
  }

  private synchronized void sync(long after) {
    try {
      long head = hub.store.handle(row.handle()).orElseThrow().head();
      for (long from = after; from < head; ) {
        List<LogEntry> page = hub.store.entries(row.handle(), from, PAGE);
        if (page.isEmpty()) break;
        for (LogEntry e : page) {
          if (e.seq() > head) break;
          if (!send(new WsFrame.Entry(e))) return;
        }
        from = page.get(page.size() - 1).seq();
      }
      sent = Math.max(sent, head);
      send(new WsFrame.Synced(head));
      pump();
    } catch (SQLException e) {
      close(1011, "storage unavailable");
    }
  }

  /** Queues a frame; false (and the socket closed) when the client is too slow to take it. */
  private boolean send(WsFrame f) {
    return send(f.text());
  }

  private boolean send(String text) {
    Session s = session;
    if (s == null || !s.isOpen()) return false;
    long n = text.length();
    long before = queued.getAndAdd(n);
    if (before > 0
        && before + n > hub.bufferLimit) { // one frame may always be in flight, whatever its size
      s.disconnect(); // a close frame would wait behind the backlog: drop the connection and its
      // buffers
      return false;
    }
    s.sendText(text, Callback.from(() -> queued.addAndGet(-n), x -> queued.addAndGet(-n)));
    return true;
  }

  void heartbeat() {
    Session s = session;
    if (s == null || !s.isOpen()) return;
    if (System.nanoTime() - lastHeard > 3 * hub.heartbeatMillis * 1_000_000L) {
      s.disconnect(); // three pings unanswered: the peer is gone
      return;
    }
    s.sendPing(ByteBuffer.wrap("kez".getBytes(StandardCharsets.US_ASCII)), Callback.NOOP);
  }

  @Override
  public void onWebSocketPong(ByteBuffer payload) {
    lastHeard = System.nanoTime();
  }

  private void close(int code, String reason) {
    Session s = session;
    if (s != null) s.close(code, reason, Callback.NOOP);
  }

  @Override
  public void onWebSocketClose(int code, String reason, Callback done) {
    authed = false;
    if (authTimeout != null) authTimeout.cancel(false);
    hub.closed(this);
    done.succeed();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    hub.closed(this);
  }
}
