package dev.kez.server.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small java.net.http client for the tests: real HTTP on loopback. */
public final class Http {
  private final HttpClient client;
  private final URI base;

  public Http(URI base) {
    this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  public Http(URI base, HttpClient client) {
    this.base = base;
    this.client = client;
  }

  public URI base() {
    return base;
  }

  public HttpClient client() {
    return client;
  }

  public HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET();
    if (headers.length > 0) b.headers(headers);
    return send(b.build());
  }

  public HttpResponse<String> post(String path, String body) {
    return post(path, body.getBytes(StandardCharsets.UTF_8));
  }

  public HttpResponse<String> post(String path, byte[] body) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  public HttpResponse<String> send(HttpRequest r) {
    try {
      return client.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode json(HttpResponse<String> r) {
    return Json.parseObject(r.body());
  }

  /** The path of a chain resource. */
  public static String chain(String name) {
    return "/v1/chains/" + name;
  }
}
