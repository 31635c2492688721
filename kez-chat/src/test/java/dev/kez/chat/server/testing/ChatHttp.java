package dev.kez.chat.server.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.chat.protocol.Envelope;
import dev.kez.chat.protocol.Registration;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Real HTTP to a kez-chat server on loopback, with requests signed as chat.md §2 says. */
public final class ChatHttp {
  public final URI base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ChatHttp(URI base) {
    this.base = base;
  }

  public static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /**
   * A ts for a new request: a repeat within a second must not be the same auth object (chat.md §8,
   * a replay), so successive requests take successive ts a little in the past, all in the window.
   */
  public static synchronized long freshTs() {
    // ts never repeats (now − k could: the clock's next second with the next k), until 100 requests
    // within the window make it start again at the window's old end
    long n = now();
    long ts = Math.max(lastTs + 1, n - 50);
    lastTs = ts > n + 50 ? n - 50 : ts;
    return lastTs;
  }

  private static long lastTs;

  /** A request signed by {@code p} (null: unsigned) at {@code ts}. */
  public HttpResponse<String> send(
      Person p,
      String method,
      String target,
      byte[] body,
      String endpoint,
      long ts,
      String contentType) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(target))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body.length == 0 && method.equals("GET")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) b.header("Content-Type", contentType);
    if (p != null) b.header("X-KEZ-Auth", p.auth(method, target, body, endpoint, ts));
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> post(Person p, String target, byte[] body) {
    return send(p, "POST", target, body, "", freshTs(), "application/json");
  }

  public HttpResponse<String> post(Person p, String target, String body) {
    return post(p, target, body.getBytes(StandardCharsets.UTF_8));
  }

  public HttpResponse<String> get(Person p, String target) {
    return send(p, "GET", target, new byte[0], "", freshTs(), null);
  }

  public HttpResponse<String> register(Person p) {
    return post(p, "/v1/handles/" + p.handle, new Registration(p.key.publicKey()).body());
  }

  public HttpResponse<String> addKey(Person p) {
    return post(p, "/v1/handles/" + p.handle + "/enc-keys", p.chatKey(now()).canonicalJson());
  }

  /** Registers and publishes the device key; fails the test if either is refused. */
  public void join(Person p) {
    expect(201, register(p));
    expect(201, addKey(p));
  }

  public HttpResponse<String> send(Person from, Envelope env) {
    return post(from, "/v1/messages/" + from.handle, env.canonicalBytes());
  }

  public static ObjectNode json(HttpResponse<String> r) {
    return Json.parseObject(r.body());
  }

  public static HttpResponse<String> expect(int status, HttpResponse<String> r) {
    if (r.statusCode() != status)
      throw new AssertionError("expected " + status + ", got " + r.statusCode() + ": " + r.body());
    return r;
  }
}
