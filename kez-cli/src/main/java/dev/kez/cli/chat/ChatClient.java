package dev.kez.cli.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.chat.protocol.AuthHeader;
import dev.kez.chat.protocol.ChatAuth;
import dev.kez.chat.protocol.ChatKey;
import dev.kez.chat.protocol.ChatLimitException;
import dev.kez.chat.protocol.Envelope;
import dev.kez.chat.protocol.Handle;
import dev.kez.chat.protocol.HandleInfo;
import dev.kez.chat.protocol.Page;
import dev.kez.chat.protocol.Posted;
import dev.kez.chat.protocol.Registration;
import dev.kez.cli.Failure;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The client side of the kez-chat API (SPEC.md §kez-chat, chat.md §5) over the JDK's HTTP client.
 * Requests that act for a handle carry {@code X-KEZ-Auth}; redirects are never followed, so the
 * signed header only ever goes to the configured origin. Every refusal becomes a {@link Failure}
 * with a sentence: unreachable (no answer, 429, 5xx) or failed.
 */
final class ChatClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI server;
  private final HttpClient http;
  private final Clock clock;

  /**
   * Digests signed in this run: a repeat within the same second gets another ts (chat.md §8,
   * replay).
   */
  private final Set<String> signed = new HashSet<>();

  ChatClient(URI server, Clock clock) {
    this.server = server;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  URI server() {
    return server;
  }

  HttpClient http() {
    return http;
  }

  /**
   * {@code POST /v1/handles/{handle}}: true when new (201), false when it was already ours (200).
   */
  boolean register(Handle handle, SecretKey key) {
    HttpResponse<String> r =
        send(
            "POST", "/v1/handles/" + handle, new Registration(key.publicKey()).body(), handle, key);
    return switch (r.statusCode()) {
      case 201 -> true;
      case 200 -> false;
      case 409 ->
          throw Failure.failed(
              "@" + handle + " is already registered on " + server + " with another key",
              List.of());
      default -> throw refused(r, "registering @" + handle);
    };
  }

  /** {@code POST /v1/handles/{handle}/enc-keys}. */
  void publish(ChatKey record, SecretKey key) {
    HttpResponse<String> r =
        send(
            "POST",
            "/v1/handles/" + record.handle() + "/enc-keys",
            utf8(Json.write(record.toJson())),
            record.handle(),
            key);
    if (r.statusCode() != 201 && r.statusCode() != 200)
      throw refused(r, "publishing this device's key");
  }

  /** {@code GET /v1/handles/{handle}}; empty when the handle is not registered. */
  Optional<HandleInfo> handle(Handle handle) {
    HttpResponse<String> r = send("GET", "/v1/handles/" + handle, new byte[0], null, null);
    if (r.statusCode() == 404) return Optional.empty();
    if (r.statusCode() != 200) throw refused(r, "looking up @" + handle);
    HandleInfo info = parse(r, "the handle", HandleInfo::parse);
    if (!info.handle().equals(handle))
      throw Failure.failed(
          "the server answered for @" + info.handle() + " when asked for @" + handle, List.of());
    return Optional.of(info);
  }

  /** {@code POST /v1/messages/{from}}: the envelope, as the sender. */
  Posted post(Handle from, Envelope envelope, SecretKey key) {
    HttpResponse<String> r =
        send("POST", "/v1/messages/" + from, utf8(Json.write(envelope.toJson())), from, key);
    if (r.statusCode() != 201 && r.statusCode() != 200)
      throw refused(r, "sending to @" + envelope.to());
    return parse(r, "the post", Posted::parse);
  }

  /** {@code GET /v1/messages/{handle}?after=SEQ&limit=N}. */
  Page page(Handle handle, long after, int limit, SecretKey key) {
    HttpResponse<String> r =
        send(
            "GET",
            "/v1/messages/" + handle + "?after=" + after + "&limit=" + limit,
            new byte[0],
            handle,
            key);
    if (r.statusCode() != 200) throw refused(r, "reading the messages of @" + handle);
    return parse(r, "the page", Page::parse);
  }

  /**
   * {@code GET /v1/handles/{handle}/identity}: the verified identity graph; empty for an unknown
   * handle.
   */
  Optional<ObjectNode> identity(Handle handle) {
    HttpResponse<String> r =
        send("GET", "/v1/handles/" + handle + "/identity", new byte[0], null, null);
    if (r.statusCode() == 404) return Optional.empty();
    if (r.statusCode() != 200) throw refused(r, "asking who @" + handle + " is");
    return Optional.of(
        parse(
            r,
            "the identity",
            n -> {
              if (!n.isObject()) throw new MalformedException("expected a JSON object");
              return (ObjectNode) n;
            }));
  }

  /** An auth header for a request (or the WebSocket handshake) signed now, never twice the same. */
  AuthHeader sign(java.util.function.LongFunction<ChatAuth> auth, SecretKey key) {
    long ts = clock.instant().getEpochSecond();
    ChatAuth a = auth.apply(ts);
    // the replay cache refuses a second identical auth object; any ts within ±60 s is accepted
    while (!signed.add(dev.kez.core.crypto.Base64Url.encode(a.digest())))
      a = auth.apply(a.ts() + 1);
    return a.sign(key);
  }

  private HttpResponse<String> send(
      String method,
      String pathAndQuery,
      byte[] body,
      @Nullable Handle handle,
      @Nullable SecretKey key) {
    HttpResponse<String> r = sendOnce(method, pathAndQuery, body, handle, key);
    // Another run of kez may have sent this very request in this very second: the server then
    // refuses the identical auth object as a replay (chat.md §8). Signing again gives another ts.
    if (r.statusCode() == 401 && handle != null)
      r = sendOnce(method, pathAndQuery, body, handle, key);
    return r;
  }

  private HttpResponse<String> sendOnce(
      String method,
      String pathAndQuery,
      byte[] body,
      @Nullable Handle handle,
      @Nullable SecretKey key) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(origin() + pathAndQuery))
            .timeout(TIMEOUT)
            .header("User-Agent", "kez-cli")
            .header("Accept", "application/json");
    if (method.equals("GET")) b.GET();
    else
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (handle != null) {
      AuthHeader h =
          sign(
              ts ->
                  ChatAuth.forRequest(method, pathAndQuery, body, "", handle, key.publicKey(), ts),
              key);
      b.header(ChatAuth.HEADER, h.format());
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw Failure.unreachable(server + " did not answer in time");
    } catch (IOException e) {
      throw Failure.unreachable("cannot reach " + server + ": " + why(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failure.unreachable("interrupted while waiting for " + server);
    }
  }

  String origin() {
    String s = server.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private <T> T parse(
      HttpResponse<String> r, String what, java.util.function.Function<JsonNode, T> parser) {
    try {
      return parser.apply(Json.parse(r.body()));
    } catch (MalformedException | ChatLimitException e) {
      throw Failure.failed(
          "the server's answer (" + what + ") is malformed: " + e.getMessage(), List.of());
    }
  }

  /** A refusal as a sentence: the server's own error and detail, and whether retrying may help. */
  private Failure refused(HttpResponse<String> r, String doing) {
    String detail = "";
    try {
      JsonNode o = Json.parse(r.body());
      String error = o.path("error").asText(""), more = o.path("detail").asText("");
      detail = (error + (more.isEmpty() ? "" : ": " + more)).replaceAll("\\p{Cntrl}", " ").strip();
      if (detail.length() > 300) detail = detail.substring(0, 300) + "…";
    } catch (MalformedException e) {
      // not JSON: the status says enough
    }
    String message =
        "the server refused "
            + doing
            + " (HTTP "
            + r.statusCode()
            + (detail.isEmpty() ? "" : ", " + detail)
            + ")";
    if (r.statusCode() == 401)
      message +=
          "; check that this KEZ_HOME's identity owns the handle and that the clock is right";
    if (r.statusCode() == 429 || r.statusCode() >= 500) {
      String retry =
          r.headers().firstValue("Retry-After").map(s -> "; retry after " + s + " s").orElse("");
      return Failure.unreachable(message + retry);
    }
    return Failure.failed(message, List.of());
  }

  static String why(Throwable e) {
    if (e instanceof java.net.ConnectException) return "connection refused";
    if (e instanceof java.net.http.WebSocketHandshakeException h) {
      return "the server answered HTTP "
          + h.getResponse().statusCode()
          + " instead of opening a WebSocket";
    }
    if (e.getCause() != null
        && e.getCause() != e
        && (e.getMessage() == null || e.getMessage().isBlank())) return why(e.getCause());
    String m = e.getMessage();
    return m == null || m.isBlank() ? "the connection failed" : m.replaceAll("\\s+", " ");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
