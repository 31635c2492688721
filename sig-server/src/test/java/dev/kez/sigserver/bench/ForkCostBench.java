package dev.kez.sigserver.bench;

import dev.kez.core.chain.Link;
import dev.kez.core.json.Json;
import dev.kez.server.testing.Http;
import dev.kez.server.testing.ServerProcess;
import dev.kez.sigserver.testing.TestChain;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;

/**
 * What refusing a bogus link costs on a long chain (SPEC.md §6.7, issue 15 §2): a link at a stored
 * seq with the right public {@code prev} and a signature that does not verify, against a normal
 * append on the same server, and the first append after a restart. Wall time per request on
 * loopback, medians of several requests. Run with {@code sig-server/load-bench.sh forkcost}.
 */
public final class ForkCostBench {
  static final int LINKS = Integer.getInteger("bench.links", 2800);
  static final int REQUESTS = Integer.getInteger("bench.requests", 15);

  public static void main(String[] args) throws Exception {
    String db = Files.createTempDirectory("kez-forkcost-").resolve("kez-sig.db").toString();
    TestChain c = new TestChain();
    c.add(LINKS + REQUESTS + 1);
    double bogus;
    double normal;
    double restart;
    try (ServerProcess server =
        ServerProcess.start(dev.kez.sigserver.SigServer.class.getName(), List.of("-Xmx512m"), db)) {
      Http http = new Http(server.uri());
      for (int from = 1; from <= LINKS; from += 1000) {
        int to = Math.min(LINKS, from + 999);
        if (http.post(Http.chain(c.name()), c.jsonl(from, to)).statusCode() != 201)
          throw new IllegalStateException("setup");
      }
      Link mid = c.links().get(LINKS / 2);
      String forged =
          Json.write(mid.toJson().put("created_at", mid.createdAt() + 1))
              + "\n"; // sig no longer verifies
      long[] b = new long[REQUESTS];
      long[] n = new long[REQUESTS];
      for (int i = 0; i < REQUESTS; i++) {
        b[i] = timed(http, c.name(), forged, 422);
        n[i] = timed(http, c.name(), c.jsonl(LINKS + 1 + i, LINKS + 1 + i), 201);
      }
      bogus = median(b);
      normal = median(n);
    }
    try (ServerProcess again =
        ServerProcess.start(dev.kez.sigserver.SigServer.class.getName(), List.of("-Xmx512m"), db)) {
      Http http = new Http(again.uri());
      // Class loading and the first database connection are paid by a short chain first.
      TestChain warm = new TestChain();
      warm.add(2);
      timed(http, warm.name(), warm.jsonl(), 201);
      restart =
          timed(http, c.name(), c.jsonl(LINKS + REQUESTS + 1, LINKS + REQUESTS + 1), 201) / 1e6;
    }
    System.out.printf(
        Locale.ROOT,
        "%n| chain length | normal append ms | bogus fork link ms | ratio | first append after restart ms |%n");
    System.out.printf(
        Locale.ROOT,
        "|---:|---:|---:|---:|---:|%n| %d | %.2f | %.2f | %.2f | %.1f |%n",
        LINKS,
        normal / 1e6,
        bogus / 1e6,
        bogus / normal,
        restart);
  }

  private static long timed(Http http, String chain, String body, int status) {
    long t0 = System.nanoTime();
    var r = http.post(Http.chain(chain), body);
    long t = System.nanoTime() - t0;
    if (r.statusCode() != status)
      throw new IllegalStateException("HTTP " + r.statusCode() + " " + r.body());
    return t;
  }

  private static double median(long[] xs) {
    long[] s = xs.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }
}
