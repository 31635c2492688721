package dev.kez.channels.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kez.channels.ChannelContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local double of a remote service on 127.0.0.1: routes by path+query (then path) to canned
 * answers, usually fixture files with {@code {{name}}} placeholders filled per test.
 */
public final class TestServer implements AutoCloseable {
  /** A canned answer; {@code delayMillis} makes a slow server. */
  public record Answer(
      int status, String contentType, byte[] body, Map<String, String> headers, long delayMillis) {}

  public interface Handler {
    Answer answer(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final Map<String, Handler> routes = new ConcurrentHashMap<>();
  public final List<String> requests = new CopyOnWriteArrayList<>();
  public final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();

  private TestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::serve);
    server.start();
  }

  public static TestServer start() {
    try {
      return new TestServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public TestServer route(String pathAndQuery, Handler h) {
    routes.put(pathAndQuery, h);
    return this;
  }

  public TestServer route(
      String pathAndQuery, int status, String contentType, String body, String... headerPairs) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < headerPairs.length; i += 2)
      headers.put(headerPairs[i], headerPairs[i + 1]);
    Answer a = new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8), headers, 0);
    return route(pathAndQuery, ex -> a);
  }

  /** A route answered by hand (slow bodies, broken connections). */
  public TestServer raw(String path, com.sun.net.httpserver.HttpHandler h) {
    server.createContext(path, h);
    return this;
  }

  /**
   * The most requests this server held at once, each from its arrival until its answer was sent
   * (proves concurrency).
   */
  public int peakInFlight() {
    return peak.get();
  }

  public void resetPeak() {
    peak.set(inFlight.get());
  }

  public TestServer json(String pathAndQuery, String body) {
    return route(pathAndQuery, 200, "application/json; charset=utf-8", body);
  }

  private void serve(HttpExchange ex) throws IOException {
    peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try (ex) {
      String pq =
          ex.getRequestURI().getRawPath()
              + (ex.getRequestURI().getRawQuery() == null
                  ? ""
                  : "?" + ex.getRequestURI().getRawQuery());
      requests.add(pq);
      requestHeaders.add(Map.copyOf(ex.getRequestHeaders()));
      Handler h = routes.getOrDefault(pq, routes.get(ex.getRequestURI().getRawPath()));
      Answer a =
          h == null
              ? new Answer(
                  404,
                  "application/json",
                  "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8),
                  Map.of(),
                  0)
              : h.answer(ex);
      if (a.delayMillis() > 0) Thread.sleep(a.delayMillis());
      if (a.contentType() != null) ex.getResponseHeaders().set("Content-Type", a.contentType());
      a.headers().forEach(ex.getResponseHeaders()::set);
      ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
      ex.getResponseBody().write(a.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client went away (timeout, oversize cancel): nothing to answer
    } finally {
      inFlight.decrementAndGet();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** A context for tests: loopback allowed, given endpoints, short timeout. */
  public static ChannelContext context(Map<String, String> endpoints) {
    return new ChannelContext(
        endpoints, null, List.of(), Duration.ofSeconds(5), true, Clock.systemUTC());
  }

  /**
   * A fixture file with {@code {{name}}} replaced; values are JSON-string-escaped in .json files.
   */
  public static String fixture(String name, Map<String, String> vars) {
    try (InputStream in = TestServer.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) throw new IllegalArgumentException("no fixture " + name);
      String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      boolean json = name.endsWith(".json");
      for (var e : vars.entrySet()) {
        String v = json ? jsonEscape(e.getValue()) : e.getValue();
        s = s.replace("{{" + e.getKey() + "}}", v);
      }
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String jsonEscape(String v) {
    String q = new com.fasterxml.jackson.databind.node.TextNode(v).toString();
    return q.substring(1, q.length() - 1);
  }
}
