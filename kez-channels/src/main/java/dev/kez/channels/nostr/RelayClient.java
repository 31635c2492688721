package dev.kez.channels.nostr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.channels.Evidence;
import dev.kez.channels.http.AddressPolicy;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Digests;
import dev.kez.core.json.Json;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One conversation with a nostr relay over the JDK's WebSocket client: send some messages, collect
 * the relay's JSON messages until one ends the exchange (EOSE, OK, CLOSED), the relay fails, or the
 * time is up. Relay addresses are checked before connecting: every address the host resolves to
 * must be public unless private ones are allowed (the client resolves again when connecting, so DNS
 * rebinding is not defeated by this alone). Answers are capped.
 */
public final class RelayClient {
  /** Total bytes a relay may send in one exchange. */
  public static final int MAX_BYTES = 1 << 20;

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /**
   * What a relay said: its messages (JSON arrays, in order), and a failure reason when the exchange
   * did not end normally, and whether trying again may help (not for a refused address or an
   * oversize answer). The raw frames are the evidence.
   */
  public record Exchange(
      String relay,
      List<JsonNode> messages,
      @Nullable String failure,
      boolean retryable,
      @Nullable Evidence evidence) {
    public Exchange {
      messages = List.copyOf(messages);
    }

    public boolean ok() {
      return failure == null;
    }
  }

  /** What a WebSocket.Listener answers when the message may be reclaimed at once. */
  private static final CompletionStage<?> RECLAIM = CompletableFuture.completedStage(null);

  private RelayClient() {}

  /**
   * Runs one exchange: sends {@code send}, collects messages until {@code done} accepts one, then
   * sends {@code farewell} (if any) and closes. The future always completes normally, within about
   * {@code timeout}.
   */
  public static CompletableFuture<Exchange> exchange(
      String relay,
      List<String> send,
      Predicate<JsonNode> done,
      @Nullable String farewell,
      Duration timeout,
      boolean allowPrivate,
      Clock clock) {
    URI uri;
    try {
      uri = relayUri(relay);
    } catch (MalformedException e) {
      return CompletableFuture.completedFuture(
          new Exchange(relay, List.of(), e.getMessage(), false, null));
    }
    Session session = new Session(relay, send, done, farewell, clock);
    CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .execute(() ->
            session.fail(
                session.connected()
                    ? "timeout: no answer within " + timeout.toMillis() + " ms"
                    : "connect timeout",
                true));
    CompletableFuture.supplyAsync(() -> refusal(uri.getHost(), allowPrivate))
        .thenCompose(refusal -> {
          if (refusal.isPresent()) {
            session.fail(refusal.get(), false);
            return CompletableFuture.completedFuture(null);
          }
          return CLIENT.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, session);
        })
        .whenComplete((ws, error) -> {
          if (error != null) session.fail(describe(error), true);
        });
    return session.result;
  }

  /** Parses a relay address: ws:// or wss:// with a host. */
  public static URI relayUri(String relay) {
    try {
      URI uri = new URI(relay.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("ws") && !scheme.equals("wss"))
        throw new MalformedException("malformed relay '" + relay + "': expected ws:// or wss://");
      if (uri.getHost() == null)
        throw new MalformedException("malformed relay '" + relay + "': no host");
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new MalformedException("malformed relay '" + relay + "': " + e.getReason());
    }
  }

  /** Why connecting to this host is refused (a non-public address), if it is. */
  static Optional<String> refusal(String host, boolean allowPrivate) {
    if (allowPrivate) return Optional.empty();
    try {
      return AddressPolicy.refusal(host)
          .map(why ->
              "refused to connect to " + host + ": " + why + "; " + AddressPolicy.LOCAL_POLICY);
    } catch (UnknownHostException e) {
      return Optional.empty(); // the connection attempt reports it
    }
  }

  private static String describe(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException
            || e instanceof java.util.concurrent.ExecutionException)
        && e.getCause() != null) e = e.getCause();
    if (e instanceof HttpTimeoutException) return "connect timeout";
    if (e instanceof WebSocketHandshakeException h)
      return "WebSocket handshake refused (HTTP " + h.getResponse().statusCode() + ")";
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) return "connection refused";
      if (t instanceof UnknownHostException
          || t instanceof java.nio.channels.UnresolvedAddressException) return "unknown host";
    }
    String m = e.getMessage();
    return (m == null || m.isBlank() ? "the connection failed" : m).replaceAll("\\s+", " ").trim();
  }

  /** The listener: feeds whole messages to {@code done}, sends CLOSE-then-close when finished. */
  private static final class Session implements WebSocket.Listener {
    final CompletableFuture<Exchange> result = new CompletableFuture<>();
    private final String relay;
    private final List<String> send;
    private final Predicate<JsonNode> done;
    private final @Nullable String farewell;
    private final Clock clock;
    private final List<JsonNode> messages = new ArrayList<>();
    private final StringBuilder raw = new StringBuilder();
    private final StringBuilder partial = new StringBuilder();
    private final Instant started;
    private @Nullable WebSocket socket;
    private boolean connected;

    Session(
        String relay,
        List<String> send,
        Predicate<JsonNode> done,
        @Nullable String farewell,
        Clock clock) {
      this.relay = relay;
      this.send = send;
      this.done = done;
      this.farewell = farewell;
      this.clock = clock;
      this.started = clock.instant();
    }

    @Override
    public synchronized void onOpen(WebSocket ws) {
      socket = ws;
      connected = true;
      CompletableFuture<WebSocket> chain = CompletableFuture.completedFuture(ws);
      for (String m : send) chain = chain.thenCompose(w -> w.sendText(m, true));
      chain.whenComplete((w, e) -> {
        if (e != null) fail("send failed: " + describe(e), true);
      });
      ws.request(1);
    }

    @Override
    public synchronized CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      if (result.isDone()) return RECLAIM;
      partial.append(data);
      if (raw.length() + partial.length() > MAX_BYTES) {
        fail("relay answer over " + MAX_BYTES + " bytes", false);
        return RECLAIM;
      }
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        raw.append(text).append('\n');
        parse(text)
            .ifPresent(node -> {
              messages.add(node);
              if (done.test(node)) fail(null, true);
            });
      }
      if (!result.isDone()) ws.request(1);
      return RECLAIM;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      fail(
          "relay closed the connection (" + status + (reason.isBlank() ? "" : " " + reason) + ")",
          true);
      return RECLAIM;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      fail(describe(error), true);
    }

    /** A relay message: a JSON array starting with its type; garbage is ignored (in evidence). */
    private static Optional<JsonNode> parse(String text) {
      try {
        JsonNode n = Json.parse(text);
        return Optional.of(n).filter(a -> a.isArray() && a.size() > 0 && a.get(0).isTextual());
      } catch (MalformedException e) {
        return Optional.empty();
      }
    }

    synchronized boolean connected() {
      return connected;
    }

    /** Ends the exchange (a null reason: normally); later calls do nothing. */
    synchronized void fail(@Nullable String reason, boolean retryable) {
      if (result.isDone()) return;
      byte[] body = raw.toString().getBytes(StandardCharsets.UTF_8);
      Evidence evidence =
          connected
              ? new Evidence(
                  relay,
                  started,
                  101,
                  "application/x-ndjson",
                  HexFormat.of().formatHex(Digests.sha256(body)),
                  body)
              : null;
      result.complete(new Exchange(relay, messages, reason, retryable, evidence));
      if (socket != null) {
        WebSocket ws = socket;
        try {
          CompletableFuture<WebSocket> bye =
              farewell != null && reason == null
                  ? ws.sendText(farewell, true)
                  : CompletableFuture.completedFuture(ws);
          bye.thenCompose(w -> w.sendClose(WebSocket.NORMAL_CLOSURE, ""))
              .orTimeout(2, TimeUnit.SECONDS)
              .whenComplete((w, e) -> ws.abort());
        } catch (IllegalStateException e) { // a send still pending: just drop the connection
          ws.abort();
        }
      }
    }
  }
}
