package dev.kez.cli.chat;

import dev.kez.chat.protocol.ChatAuth;
import dev.kez.chat.protocol.ChatLimitException;
import dev.kez.chat.protocol.Handle;
import dev.kez.chat.protocol.LogEntry;
import dev.kez.chat.protocol.WsFrame;
import dev.kez.cli.ExitCode;
import dev.kez.cli.Failure;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.SecretKey;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code kez chat read --follow}: the WebSocket of chat.md §6 with the JDK's client. Answers the
 * challenge with a signed {@code WS} auth object, waits for {@code ready}, asks for everything
 * after the last printed seq ({@code sync}) and prints entries as they come. A lost connection is
 * re-opened (with backoff) and synced from the last seq, so nothing is skipped or printed twice; a
 * refused auth (4401, 4408) ends the command.
 */
final class Follow {
  private static final Duration HANDSHAKE = Duration.ofSeconds(15);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration SILENCE = Duration.ofSeconds(45);

  private final ChatClient client;
  private final Handle me;
  private final SecretKey key;
  private final EntryPrinter printer;
  private final long count;
  private final PrintWriter err;

  Follow(
      ChatClient client,
      Handle me,
      SecretKey key,
      EntryPrinter printer,
      long count,
      PrintWriter err) {
    this.client = client;
    this.me = me;
    this.key = key;
    this.printer = printer;
    this.count = count;
    this.err = err;
  }

  /** Events from the socket's listener thread, taken in order by the command's thread. */
  private sealed interface Event {
    record Text(String text) implements Event {}

    record Closed(int code, String reason) implements Event {}

    record Failed(Throwable error) implements Event {}

    /** A ping or pong: the connection is alive. */
    record Alive() implements Event {}
  }

  int run() {
    Duration backoff = Duration.ofSeconds(1);
    boolean everReady = false;
    while (true) {
      try {
        session();
        return ExitCode.OK;
      } catch (Lost lost) {
        // a first connection that fails is an answer (wrong server, no WebSocket); later losses are
        // weather
        everReady |= lost.afterReady;
        if (!everReady) throw Failure.unreachable(lost.getMessage());
        if (lost.afterReady) backoff = Duration.ofSeconds(1);
        err.println(
            "kez: " + lost.getMessage() + "; reconnecting in " + backoff.toSeconds() + " s");
        err.flush();
        sleep(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  /**
   * A connection that ended before the command was done; {@code afterReady} if it had been
   * authenticated.
   */
  private static final class Lost extends RuntimeException {
    final boolean afterReady;

    Lost(String message, boolean afterReady) {
      super(message, null, false, false);
      this.afterReady = afterReady;
    }
  }

  private void session() {
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    WebSocket ws = connect(events);
    try {
      WsFrame.Challenge challenge = expect(events, WsFrame.Challenge.class, false);
      var auth =
          client.sign(
              ts -> ChatAuth.forWebSocket(me, key.publicKey(), challenge.nonceBytes(), ts), key);
      send(ws, new WsFrame.Auth(auth));
      expect(events, WsFrame.Ready.class, false);
      send(ws, new WsFrame.Sync(printer.last()));
      // live entries may interleave with the synced ones: hold them all until "synced", then print
      // in seq order
      TreeMap<Long, LogEntry> held = new TreeMap<>();
      boolean synced = false;
      while (printer.printed() < count) {
        WsFrame frame = live(ws, events);
        try {
          show(frame, held, synced);
        } catch (Failure f) {
          // a sender look-up that could not be made: reconnect, and resync from the last printed
          // entry
          if (f.kind() == Failure.Kind.UNREACHABLE) throw new Lost(f.getMessage(), true);
          throw f;
        }
        if (frame instanceof WsFrame.Synced) synced = true;
      }
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(2, TimeUnit.SECONDS);
    } finally {
      ws.abort();
    }
  }

  /** Prints an entry; before "synced", holds entries and prints them in seq order when it comes. */
  private void show(WsFrame frame, TreeMap<Long, LogEntry> held, boolean synced) {
    switch (frame) {
      case WsFrame.Entry e -> {
        if (synced) printer.print(e.entry());
        else held.put(e.entry().seq(), e.entry());
      }
      case WsFrame.Synced s -> {
        for (LogEntry e : held.values()) if (printer.printed() < count) printer.print(e);
        held.clear();
      }
      default -> {} // a second ready: nothing to show
    }
  }

  private WebSocket connect(BlockingQueue<Event> events) {
    URI origin = client.server();
    String scheme = origin.getScheme().equals("https") ? "wss" : "ws";
    URI uri = URI.create(scheme + "://" + origin.getRawAuthority() + "/v1/ws/" + me);
    try {
      return client
          .http()
          .newWebSocketBuilder()
          .connectTimeout(HANDSHAKE)
          .header("User-Agent", "kez-cli")
          .buildAsync(uri, new Listener(events))
          .get(HANDSHAKE.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new Lost(
          "cannot open the WebSocket " + uri + ": " + ChatClient.why(e.getCause()), false);
    } catch (TimeoutException e) {
      throw new Lost("the WebSocket " + uri + " did not open in time", false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failure.unreachable("interrupted");
    }
  }

  private <T extends WsFrame> T expect(BlockingQueue<Event> events, Class<T> type, boolean ready) {
    WsFrame f = next(events, HANDSHAKE, ready);
    if (!type.isInstance(f))
      throw Failure.failed(
          "the server sent a "
              + f.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
              + " frame where a "
              + type.getSimpleName().toLowerCase(java.util.Locale.ROOT)
              + " was due",
          List.of());
    return type.cast(f);
  }

  /**
   * The next frame of an authenticated socket. A server that goes silent without closing (a dead
   * peer, a lost route) is noticed: after {@link #SILENCE} without any frame, ping or pong we ping,
   * and one more silence ends the connection.
   */
  private WsFrame live(WebSocket ws, BlockingQueue<Event> events) {
    boolean pinged = false;
    while (true) {
      Event ev = poll(events, SILENCE);
      if (ev instanceof Event.Alive) {
        pinged = false;
      } else if (ev != null) {
        return frame(ev, true);
      } else if (!pinged) {
        ws.sendPing(java.nio.ByteBuffer.allocate(0));
        pinged = true;
      } else {
        throw new Lost("no answer from the server in " + 2 * SILENCE.toSeconds() + " s", true);
      }
    }
  }

  private WsFrame next(BlockingQueue<Event> events, Duration timeout, boolean ready) {
    Event ev;
    do {
      ev = poll(events, timeout);
    } while (ev instanceof Event.Alive);
    if (ev == null)
      throw new Lost("the server did not answer the WebSocket handshake in time", ready);
    return frame(ev, ready);
  }

  private static Event poll(BlockingQueue<Event> events, Duration timeout) {
    try {
      return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failure.unreachable("interrupted");
    }
  }

  private WsFrame frame(Event ev, boolean ready) {
    return switch (ev) {
      case Event.Text t -> {
        try {
          yield WsFrame.parse(t.text());
        } catch (MalformedException | ChatLimitException e) {
          throw Failure.failed("the server sent a malformed frame: " + e.getMessage(), List.of());
        }
      }
      case Event.Closed c when c.code() == WsFrame.CLOSE_BAD_AUTH ->
          throw Failure.failed(
              "the server refused this identity's WebSocket authentication (close code 4401); check the clock",
              List.of());
      case Event.Closed c when c.code() == WsFrame.CLOSE_AUTH_TIMEOUT ->
          throw Failure.failed(
              "the server closed the WebSocket: no authentication in time (close code 4408)",
              List.of());
      case Event.Closed c ->
          throw new Lost(
              "the server closed the connection (code "
                  + c.code()
                  + (c.reason().isBlank() ? "" : ", " + c.reason().replaceAll("\\p{Cntrl}", " "))
                  + ")",
              ready);
      case Event.Failed f ->
          throw new Lost("the connection failed: " + ChatClient.why(f.error()), ready);
      case Event.Alive a -> throw new IllegalStateException("skipped by the callers");
    };
  }

  private static void send(WebSocket ws, WsFrame frame) {
    try {
      ws.sendText(frame.text(), true).get(HANDSHAKE.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new Lost(
          "cannot send to the server: " + ChatClient.why(e.getCause() == null ? e : e.getCause()),
          false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failure.unreachable("interrupted");
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failure.unreachable("interrupted");
    }
  }

  /**
   * Collects whole text messages (the JDK may deliver one in parts), bounded by the largest frame.
   */
  private static final class Listener implements WebSocket.Listener {
    /** The answer that lets the JDK reclaim a message at once (what null means to it). */
    private static final CompletionStage<?> RECLAIM =
        java.util.concurrent.CompletableFuture.completedStage(null);

    private final BlockingQueue<Event> events;
    private final StringBuilder partial = new StringBuilder();

    Listener(BlockingQueue<Event> events) {
      this.events = events;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (partial.length() > WsFrame.MAX_FRAME_BYTES) {
        events.add(
            new Event.Failed(
                new java.io.IOException(
                    "the server sent a frame over " + WsFrame.MAX_FRAME_BYTES + " bytes")));
        ws.abort();
        return RECLAIM;
      }
      if (last) {
        events.add(new Event.Text(partial.toString()));
        partial.setLength(0);
      }
      ws.request(1);
      return RECLAIM;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
      events.add(new Event.Closed(code, reason));
      return RECLAIM;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, java.nio.ByteBuffer message) {
      events.add(new Event.Alive());
      ws.request(1);
      return RECLAIM; // the JDK answers the ping with a pong itself
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, java.nio.ByteBuffer message) {
      events.add(new Event.Alive());
      ws.request(1);
      return RECLAIM;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      events.add(new Event.Failed(error));
    }
  }
}
