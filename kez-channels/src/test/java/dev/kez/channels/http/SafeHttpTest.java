package dev.kez.channels.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.Evidence;
import dev.kez.core.crypto.Digests;
import dev.kez.core.status.Verdict;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeHttpTest {
  private final TestServer server = TestServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private static SafeHttp http(boolean allowPrivate) {
    return SafeHttp.create(Duration.ofSeconds(2), allowPrivate, Clock.systemUTC());
  }

  private Verdict fail(SafeHttp http, String path) {
    return assertThrows(
            FetchException.class, () -> http.get(server.base() + path, "*/*", Map.of(), null))
        .verdict();
  }

  @Test
  void fetchesAndRecordsEvidence() throws Exception {
    server.route("/a", 200, "text/plain", "hello");
    SafeHttp http = http(true);
    SafeHttp.Response r = http.get(server.base() + "/a", "text/plain", Map.of(), "text/");
    assertEquals("hello", r.text());
    Evidence e = http.evidence().get(0);
    assertEquals(server.base() + "/a", e.url());
    assertEquals(200, e.status());
    assertEquals("text/plain", e.contentType());
    assertEquals(
        HexFormat.of().formatHex(Digests.sha256("hello".getBytes(StandardCharsets.UTF_8))),
        e.sha256());
    assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), e.body());
    var h = server.requestHeaders.get(0);
    assertEquals(SafeHttp.USER_AGENT, h.get("User-agent").get(0));
    assertTrue(SafeHttp.USER_AGENT.startsWith("kez/0.2 "));
    assertEquals("text/plain", h.get("Accept").get(0));
    assertNull(h.get("Cookie"));
  }

  @Test
  void refusesLoopbackUnlessAllowed() {
    server.route("/a", 200, "text/plain", "secret");
    Verdict v = fail(http(false), "/a");
    assertInstanceOf(Verdict.Invalid.class, v);
    assertTrue(v.reason().contains("loopback"), v.reason());
    assertTrue(server.requests.isEmpty(), "no request may reach the private address");
  }

  /**
   * Issue 10 §3: special-purpose addresses, IPv4 inside IPv6 included, are refused before any
   * connection (AddressPolicyTest has the table row by row).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "[2002:7f00:1::]",
        "[2001:0:4136:e378:8000:63bf:3fff:fdd2]",
        "[64:ff9b::7f00:1]",
        "[64:ff9b:1::a00:1]",
        "[::7f00:1]",
        "[::ffff:a00:1]",
        "100.64.0.1",
        "192.0.0.1",
        "192.0.2.1",
        "198.18.0.1",
        "240.0.0.1",
        "[100::1]",
        "[2001:db8::1]"
      })
  void specialPurposeLiteralsAreRefused(String host) {
    Verdict v =
        assertThrows(
                FetchException.class,
                () ->
                    http(false).get("http://" + host + ":" + port() + "/x", "*/*", Map.of(), null))
            .verdict();
    assertInstanceOf(Verdict.Invalid.class, v);
    assertTrue(v.reason().startsWith("refused to fetch http://" + host), v.reason());
  }

  private String port() {
    return server.base().replaceAll(".*:", "");
  }

  @Test
  void followsAtMostThreeRedirects() throws Exception {
    server.route("/r1", 302, null, "", "Location", "/r2");
    server.route("/r2", 301, null, "", "Location", server.base() + "/r3");
    server.route("/r3", 307, null, "", "Location", "/end");
    server.route("/end", 200, "text/plain", "done");
    assertEquals("done", http(true).get(server.base() + "/r1", "*/*", Map.of(), null).text());
    server.route("/r0", 302, null, "", "Location", "/r1");
    Verdict v = fail(http(true), "/r0");
    assertTrue(v.reason().contains("more than 3 redirects"), v.reason());
  }

  @Test
  void redirectIsCheckedAgain() {
    // 127.0.0.1 plays a public host here; every other address is judged by the real policy.
    SafeHttp h = http(false);
    h.policy =
        a -> a.getHostAddress().equals("127.0.0.1") ? Optional.empty() : AddressPolicy.refusal(a);
    for (String target : List.of("127.0.0.2", "[2002:7f00:1::]", "[64:ff9b::a9fe:a9fe]")) {
      server.requests.clear();
      server.route("/r", 302, null, "", "Location", "http://" + target + ":" + port() + "/admin");
      Verdict v =
          assertThrows(
                  FetchException.class, () -> h.get(server.base() + "/r", "*/*", Map.of(), null))
              .verdict();
      assertInstanceOf(Verdict.Invalid.class, v);
      assertTrue(v.reason().contains("refused to fetch http://" + target), v.reason());
      assertEquals(List.of("/r"), server.requests);
    }
    SafeHttp strict = http(false);
    Verdict v2 =
        assertThrows(
                FetchException.class,
                () -> strict.get("http://localhost:1/x", "*/*", Map.of(), null))
            .verdict();
    assertTrue(v2.reason().contains("loopback"), v2.reason());
  }

  /**
   * Issue 10 §6: a credential goes to its exact origin only, and is dropped for good on the first
   * hop elsewhere.
   */
  @Test
  void credentialStaysOnItsOrigin() throws Exception {
    String elsewhere = server.base().replace("127.0.0.1", "localhost");
    server.route("/a", 302, null, "", "Location", "/b");
    server.route("/b", 302, null, "", "Location", elsewhere + "/c");
    server.route("/c", 302, null, "", "Location", server.base() + "/d");
    server.route("/d", 200, "text/plain", "ok");
    http(true)
        .get(
            server.base() + "/a",
            "*/*",
            Map.of(),
            null,
            Credential.bearer(server.base(), "s3cret"));
    assertEquals(List.of("/a", "/b", "/c", "/d"), server.requests);
    assertEquals(
        "Bearer s3cret",
        server.requestHeaders.get(1).get("Authorization").get(0),
        "same origin: kept");
    assertNull(server.requestHeaders.get(2).get("Authorization"), "another origin: dropped");
    assertNull(
        server.requestHeaders.get(3).get("Authorization"),
        "back on the origin, on a path the other chose: still dropped");

    Credential github = Credential.bearer("https://api.github.com", "s3cret");
    assertTrue(github.isFor(URI.create("https://API.github.com:443/users/alice/gists")));
    for (String other :
        List.of(
            "http://api.github.com/x",
            "https://api.github.com:8443/x",
            "https://api.github.com.evil.test/x",
            "https://gist.githubusercontent.com/x",
            "https://evil.test/https://api.github.com/x")) {
      assertFalse(github.isFor(URI.create(other)), other);
    }
    assertFalse(github.toString().contains("s3cret"), github.toString());
    assertNull(Credential.bearer("api.github.com", "s3cret"), "no origin, no credential");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            http(true).get(server.base() + "/d", "*/*", Map.of("authorization", "Bearer x"), null),
        "no credential as a plain header");
  }

  /** Issue 10 §4: a body that is not UTF-8 is invalid, not repaired to U+FFFD. */
  @Test
  void bodyThatIsNotUtf8IsInvalid() throws Exception {
    server.route(
        "/text",
        ex ->
            new TestServer.Answer(
                200, "text/plain", new byte[] {'o', 'k', (byte) 0xc3}, Map.of(), 0));
    server.route(
        "/json",
        ex ->
            new TestServer.Answer(
                200, "application/json", new byte[] {'"', (byte) 0xff, '"'}, Map.of(), 0));
    SafeHttp.Response r = http(true).get(server.base() + "/text", "*/*", Map.of(), null);
    Verdict text = assertThrows(FetchException.class, r::text).verdict();
    assertInstanceOf(Verdict.Invalid.class, text);
    assertTrue(text.reason().contains("is not UTF-8 text"), text.reason());
    Verdict json =
        assertThrows(
                FetchException.class,
                () -> http(true).json(server.base() + "/json", "application/json"))
            .verdict();
    assertInstanceOf(Verdict.Invalid.class, json);
    assertTrue(json.reason().contains("is not UTF-8 text"), json.reason());
  }

  @Test
  void capsTheBody() {
    byte[] big = new byte[(1 << 20) + 1];
    server.route("/big", ex -> new TestServer.Answer(200, "application/json", big, Map.of(), 0));
    Verdict v = fail(http(true), "/big");
    assertInstanceOf(Verdict.Invalid.class, v);
    assertTrue(v.reason().contains("larger than 1 MiB"), v.reason());
    byte[] exact = new byte[1 << 20];
    server.route("/exact", ex -> new TestServer.Answer(200, "text/plain", exact, Map.of(), 0));
    assertDoesNotFail(() -> http(true).get(server.base() + "/exact", "*/*", Map.of(), null));
  }

  private static void assertDoesNotFail(ThrowingRunnable r) {
    try {
      r.run();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void timesOut() {
    server.route(
        "/slow", ex -> new TestServer.Answer(200, "text/plain", new byte[1], Map.of(), 5000));
    SafeHttp http = SafeHttp.create(Duration.ofMillis(300), true, Clock.systemUTC());
    long t0 = System.nanoTime();
    Verdict v =
        assertThrows(
                FetchException.class,
                () -> http.get(server.base() + "/slow", "*/*", Map.of(), null))
            .verdict();
    assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "the timeout must cut the wait");
    Verdict.Unreachable u = assertInstanceOf(Verdict.Unreachable.class, v);
    assertTrue(u.reason().contains("timed out"), u.reason());
    assertTrue(u.retryable());
  }

  @Test
  void tricklingBodyHitsTheTotalTimeout() {
    server.raw(
        "/trickle",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, 0);
          try (var out = ex.getResponseBody()) {
            for (int i = 0; i < 30; i++) {
              out.write(' ');
              out.flush();
              Thread.sleep(100);
            }
          } catch (InterruptedException | java.io.IOException e) {
            // client gave up
          }
        });
    SafeHttp http = SafeHttp.create(Duration.ofMillis(800), true, Clock.systemUTC());
    long t0 = System.nanoTime();
    Verdict v =
        assertThrows(
                FetchException.class,
                () -> http.get(server.base() + "/trickle", "*/*", Map.of(), null))
            .verdict();
    assertTrue(
        System.nanoTime() - t0 < 3_000_000_000L,
        "headers came fast, but the body must not outlive the timeout");
    assertTrue(v.reason().contains("timed out"), v.reason());
  }

  @Test
  void closedPortIsUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Verdict v =
        assertThrows(
                FetchException.class,
                () -> http(true).get("http://127.0.0.1:" + port + "/", "*/*", Map.of(), null))
            .verdict();
    Verdict.Unreachable u = assertInstanceOf(Verdict.Unreachable.class, v);
    assertTrue(u.reason().contains("connection refused"), u.reason());
  }

  @Test
  void typesStatuses() {
    server.route("/404", 404, "application/json", "{}");
    server.route("/503", 503, "text/html", "down");
    server.route("/429", 429, "application/json", "{}", "Retry-After", "120");
    server.route(
        "/403rl",
        403,
        "application/json",
        "{}",
        "x-ratelimit-remaining",
        "0",
        "x-ratelimit-reset",
        "1764150000");
    server.route("/403", 403, "application/json", "{}");
    assertInstanceOf(Verdict.NotFound.class, fail(http(true), "/404"));
    Verdict.Unreachable u503 =
        assertInstanceOf(Verdict.Unreachable.class, fail(http(true), "/503"));
    assertTrue(u503.retryable() && u503.reason().contains("HTTP 503"));
    Verdict.Unreachable u429 =
        assertInstanceOf(Verdict.Unreachable.class, fail(http(true), "/429"));
    assertTrue(
        u429.reason().contains("rate limited") && u429.reason().contains("retry after 120s"),
        u429.reason());
    Verdict.Unreachable u403 =
        assertInstanceOf(Verdict.Unreachable.class, fail(http(true), "/403rl"));
    assertTrue(
        u403.reason().contains("rate limited") && u403.reason().contains("2025-11-26T09:40:00Z"),
        u403.reason());
    Verdict.Unreachable denied =
        assertInstanceOf(Verdict.Unreachable.class, fail(http(true), "/403"));
    assertFalse(denied.retryable());
  }

  @Test
  void checksTypeAndShape() {
    server.route("/html", 200, "text/html", "<html></html>");
    server.route("/garbage", 200, "application/json", "{\"a\":");
    Verdict wrongType =
        assertThrows(
                FetchException.class,
                () -> http(true).json(server.base() + "/html", "application/json"))
            .verdict();
    assertTrue(wrongType.reason().contains("wrong content type"), wrongType.reason());
    Verdict garbage =
        assertThrows(
                FetchException.class,
                () -> http(true).json(server.base() + "/garbage", "application/json"))
            .verdict();
    assertInstanceOf(Verdict.Invalid.class, garbage);
    assertTrue(garbage.reason().contains("not JSON"), garbage.reason());
  }
}
