package dev.kez.sigserver;

import static dev.kez.server.testing.Http.chain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.server.HttpServer;
import dev.kez.server.testing.Http;
import dev.kez.sigserver.testing.TestChain;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 10,000 tiny requests from one client address: the first burst is served, the rest get 429 with
 * Retry-After, quickly; another address is not affected and the store holds only what the served
 * requests stored.
 */
class RateLimitTest {
  static final int REQUESTS = 10_000;
  static final int BURST = 20;
  static final double RATE = 5;

  @Test
  void aFloodFromOneAddressIsRefusedCheaply() throws Exception {
    String db = Files.createTempDirectory("kez-sig-rate-").resolve("kez-sig.db").toString();
    List<String> access = new ArrayList<>();
    Config cfg =
        Config.onLoopback(db, "--rate", "" + RATE, "--burst", "" + BURST, "--access-log", "on");
    try (HttpServer server =
        SigServer.start(
            cfg,
            line -> {
              synchronized (access) {
                if (access.size() < 50) access.add(line);
              }
            })) {
      TestChain c = new TestChain();
      c.add();
      byte[] body = c.jsonl().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      HttpClient flood = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      AtomicInteger badRetryAfter = new AtomicInteger();
      Semaphore inFlight = new Semaphore(16);
      List<CompletableFuture<?>> all = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < REQUESTS; i++) {
        inFlight.acquire();
        HttpRequest req =
            HttpRequest.newBuilder(server.uri().resolve(chain(c.name())))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(30))
                .build();
        all.add(
            flood
                .sendAsync(req, HttpResponse.BodyHandlers.ofString())
                .whenComplete((r, e) -> {
                  inFlight.release();
                  int s = e != null ? -1 : r.statusCode();
                  statuses.computeIfAbsent(s, k -> new AtomicInteger()).incrementAndGet();
                  if (s == 429
                      && (r.headers().firstValueAsLong("Retry-After").orElse(0) < 1
                          || !r.body().contains("\"rate_limited\""))) {
                    badRetryAfter.incrementAndGet();
                  }
                }));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
      double seconds = (System.nanoTime() - t0) / 1e9;

      int served = count(statuses, 201) + count(statuses, 200);
      assertEquals(REQUESTS, served + count(statuses, 429), "only 200/201/429: " + statuses);
      assertEquals(1, count(statuses, 201), "the link is stored once");
      assertTrue(served <= BURST + RATE * seconds + 2, served + " served in " + seconds + " s");
      assertTrue(served >= BURST, "the burst is served: " + statuses);
      assertEquals(0, badRetryAfter.get(), "every 429 says when to retry, as JSON");
      assertTrue(seconds < 60, "refusing 10,000 requests took " + seconds + " s");

      // Another client address (127.0.0.2 is loopback too) is not limited by the first one.
      Http other =
          new Http(
              server.uri(),
              HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2")).build());
      HttpResponse<String> g = other.get(chain(c.name()));
      assertEquals(200, g.statusCode());
      assertEquals(c.jsonl(), g.body(), "the store holds exactly the one link");
      String metrics = other.get("/metrics").body();
      assertTrue(
          metrics.contains("kez_sig_rate_limited_total " + count(statuses, 429) + ".0"),
          "metric counts the 429s");
      // Cheap on the server's side: the time it spent on the refused requests, from its own
      // metrics.
      double refusedSeconds = metric(metrics, "sum");
      double refusedCount = metric(metrics, "count");
      assertEquals(count(statuses, 429), refusedCount, 0.5);
      assertTrue(
          refusedSeconds / refusedCount < 0.005,
          "a refusal costs the server " + refusedSeconds / refusedCount * 1e3 + " ms");
      synchronized (access) {
        String line = access.get(0);
        assertTrue(
            line.startsWith("{\"ts\":\"")
                && line.contains("\"ip\":\"127.0.0.1\"")
                && line.contains("\"status\":")
                && line.contains("\"route\":\"/v1/chains/{chain}\"")
                && line.contains("\"ms\":"),
            line);
      }
      System.out.printf(
          "rate limit: %d requests in %.2f s (%.0f/s); %d served, %d refused at %.3f ms each (server side)%n",
          REQUESTS,
          seconds,
          REQUESTS / seconds,
          served,
          count(statuses, 429),
          refusedSeconds / refusedCount * 1e3);
    }
  }

  private static double metric(String scrape, String kind) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "kez_sig_http_requests_seconds_"
                    + kind
                    + "\\{[^}]*route=\"rate_limited\"[^}]*} ([0-9.eE+-]+)")
            .matcher(scrape);
    assertTrue(m.find(), "no " + kind + " of refused requests in /metrics");
    return Double.parseDouble(m.group(1));
  }

  private static int count(Map<Integer, AtomicInteger> m, int status) {
    AtomicInteger n = m.get(status);
    return n == null ? 0 : n.get();
  }
}
