package dev.kez.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared edge under hostile clients (issue 15 §1, §4, §5), over raw sockets: every error Jetty
 * raises itself is JSON, HEAD works wherever GET does, and slow or stalled bodies are cut off on
 * time without starving other clients. Timeouts are lowered so each case takes a second or two.
 */
class EdgeTest {
  static HttpServer server;

  @BeforeAll
  static void start() throws Exception {
    HttpSettings s =
        settings(
            "--request-timeout",
            "1",
            "--idle-timeout",
            "5",
            "--max-concurrent",
            "3",
            "--min-data-rate",
            "200",
            "--max-body",
            "4096");
    Routes routes =
        new Routes()
            .get("/hello", x -> x.json(200, Json.newObject().put("hello", "world")))
            .get(
                "/thread",
                x ->
                    x.json(
                        200, Json.newObject().put("virtual", Thread.currentThread().isVirtual())))
            .post("/echo", x -> x.send(200, "application/octet-stream", x.body()));
    server =
        HttpServer.start(
            s,
            "kez-test",
            (jetty, registry) ->
                new HttpApi(s, routes, "kez.test", "Content-Type", () -> true, registry, null));
  }

  /** A test server's settings: on 127.0.0.1, no rate limit nor access log, and {@code more}. */
  private static HttpSettings settings(String... more) {
    Flags flags = new Flags("KEZ_TEST_", HttpSettings.options("0", "unused.db", List.of()));
    List<String> args =
        new ArrayList<>(List.of("--bind", "127.0.0.1", "--rate", "0", "--access-log", "off"));
    args.addAll(List.of(more));
    return HttpSettings.from(flags.parse(args.toArray(String[]::new), Map.of()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** One raw exchange: what the server answers before closing or within the socket timeout. */
  static String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return readAnswer(s.getInputStream());
    }
  }

  /** Reads one answer: headers, then Content-Length bytes of body. */
  static String readAnswer(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      sb.append((char) c);
      if (sb.toString().endsWith("\r\n\r\n")) break;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(sb);
    if (m.find() && !sb.toString().startsWith("HEAD"))
      sb.append(new String(in.readNBytes(Integer.parseInt(m.group(1))), StandardCharsets.UTF_8));
    return sb.toString();
  }

  static int status(String answer) {
    assertTrue(answer.startsWith("HTTP/1.1 "), "not an HTTP answer: " + answer);
    return Integer.parseInt(answer.substring(9, 12));
  }

  static ObjectNode jsonBody(String answer) {
    assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
    ObjectNode o = Json.parseObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertTrue(o.hasNonNull("error") && o.hasNonNull("detail"), answer);
    assertTrue(
        !o.get("detail").asText().contains("Exception") && !o.get("detail").asText().contains("<"),
        answer);
    return o;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "GET /../etc/passwd HTTP/1.1",
        "GET /a%2Fb HTTP/1.1",
        "GET /a%00b HTTP/1.1",
        "GET /a%ZZ HTTP/1.1",
        "GET //hello HTTP/1.1",
        "GET /a/%2e%2e/hello HTTP/1.1",
        "CONNECT example.com:443 HTTP/1.1",
        "PUT /hello HTTP/1.1",
        "BREW /hello HTTP/1.1",
        "HELLO",
        "GET /hello HTTP/9.9",
        "GET /hello HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked",
        "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b",
        "GET /LONG HTTP/1.1",
        "GET /hello HTTP/1.1\r\nX-Big: BIG"
      })
  void everyErrorIsJson(String head) throws IOException {
    String req = head.replace("/LONG", "/" + "a".repeat(9000)).replace("BIG", "b".repeat(9000));
    String answer = raw(req + (req.contains("Host:") ? "" : "\r\nHost: x") + "\r\n\r\n");
    int st = status(answer);
    assertTrue(st >= 400 && st < 600 && st != 500, answer);
    jsonBody(answer);
    if (head.contains("/LONG")) assertEquals(414, st, answer);
    if (head.contains("X-Big")) assertEquals(431, st, answer);
    if (head.startsWith("PUT")) assertEquals(405, st, answer);
  }

  @Test
  void handlersRunOnVirtualThreads() throws IOException {
    String answer = raw("GET /thread HTTP/1.1\r\nHost: x\r\n\r\n");
    assertEquals(200, status(answer), answer);
    assertTrue(answer.endsWith("{\"virtual\":true}\n"), answer);
  }

  @Test
  void headIsServedWhereverGetIs() throws IOException {
    for (String path : List.of("/hello", "/healthz")) {
      String get = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(5_000);
        s.getOutputStream()
            .write(
                ("HEAD " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        String head = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertEquals(200, status(head), head);
        assertTrue(head.endsWith("\r\n\r\n"), "a HEAD answer has no body: " + head);
        String len = "content-length: " + (get.length() - get.indexOf("\r\n\r\n") - 4);
        assertTrue(head.toLowerCase().contains(len), head + " lacks " + len);
      }
    }
  }

  @Test
  void aStalledBodyGets408AtTheDeadlineWithoutAByte() throws IOException {
    long t0 = System.nanoTime();
    String answer = raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n");
    double s = (System.nanoTime() - t0) / 1e9;
    assertEquals(408, status(answer), answer);
    jsonBody(answer);
    assertTrue(s >= 0.9 && s < 3, "408 after " + s + " s (request-timeout 1 s)");
  }

  @Test
  void aTricklingBodyBelowTheMinimumRateIsRefusedLongBeforeTheDeadline() throws Exception {
    HttpSettings s = settings("--request-timeout", "60", "--min-data-rate", "200");
    Routes routes =
        new Routes().post("/echo", x -> x.send(200, "application/octet-stream", x.body()));
    try (HttpServer slow =
            HttpServer.start(
                s,
                "kez-test-rate",
                (jetty, registry) ->
                    new HttpApi(
                        s, routes, "kez.test2", "Content-Type", () -> true, registry, null));
        Socket sock = new Socket("127.0.0.1", slow.port())) {
      sock.setSoTimeout(10_000);
      OutputStream out = sock.getOutputStream();
      out.write(
          "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      long t0 = System.nanoTime();
      InputStream in = sock.getInputStream();
      try {
        for (int i = 0; i < 80 && in.available() == 0; i++) {
          out.write('x'); // 10 bytes/s, far below the 200 bytes/s minimum
          out.flush();
          Thread.sleep(100);
        }
      } catch (IOException e) {
        // the server may already have closed its side
      }
      String answer = readAnswer(in);
      assertEquals(408, status(answer), answer);
      jsonBody(answer);
      double secs = (System.nanoTime() - t0) / 1e9;
      assertTrue(secs < 8, "refused after " + secs + " s, with a 60 s deadline");
    }
  }

  @Test
  void aSmallBodyAfterAPauseIsNotMistakenForASlowOne() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(
          "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(
          600); // a slow network's first round trip: 20 bytes in 0.6 s is below 200 bytes/s on
      // average
      out.write("twenty bytes of body".getBytes(StandardCharsets.US_ASCII));
      String answer = readAnswer(s.getInputStream());
      assertEquals(200, status(answer), answer);
    }
  }

  @Test
  void oneAddressCannotHoldEveryRequestSlot() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) { // the bound: 3 requests in progress per address
        Socket s = new Socket("127.0.0.1", server.port());
        s.getOutputStream()
            .write(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nx"
                    .getBytes(StandardCharsets.US_ASCII));
        stalled.add(s);
      }
      Thread.sleep(200);
      String fourth = raw("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals(429, status(fourth), fourth);
      assertTrue(fourth.toLowerCase().contains("retry-after: 1"), fourth);
      jsonBody(fourth);
      // Another address is served at once (loopback is all of 127/8).
      try (Socket other = new Socket()) {
        other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        other.connect(new InetSocketAddress("127.0.0.1", server.port()));
        other.setSoTimeout(5_000);
        other
            .getOutputStream()
            .write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String answer = readAnswer(other.getInputStream());
        assertEquals(200, status(answer), answer);
      }
    } finally {
      for (Socket s : stalled) s.close();
    }
    Thread.sleep(1500); // the stalled requests end at their deadline, freeing the address's slots
    assertEquals(200, status(raw("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")));
  }

  @Test
  void bodiesWithinLimitsAreEchoedAndOversizeIs413() throws IOException {
    String ok = raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
    assertEquals(200, status(ok), ok);
    assertTrue(ok.endsWith("hello"), ok);
    String big =
        raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + "y".repeat(5000));
    assertEquals(413, status(big), big);
    String chunk = Integer.toHexString(5000);
    String chunked =
        raw(
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk
                + "\r\n"
                + "z".repeat(5000)
                + "\r\n0\r\n\r\n");
    assertEquals(413, status(chunked), chunked);
    jsonBody(chunked);
  }
}
