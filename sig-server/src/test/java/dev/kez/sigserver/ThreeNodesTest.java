package dev.kez.sigserver;

import static dev.kez.server.testing.Http.chain;
import static dev.kez.server.testing.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kez.core.chain.Link;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.server.testing.Http;
import dev.kez.server.testing.PgCluster;
import dev.kez.server.testing.ServerProcess;
import dev.kez.sigserver.testing.TestChain;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Three server processes on one PostgreSQL database (issue 15): three different valid links at one
 * seq, one per node, at the same instant give exactly one 201 and two 409s; the same link at all
 * three, one 201 and two 200s; and whatever one node stores, the other two serve at once (bundle,
 * head, key lookup), although each keeps caches of its own.
 */
class ThreeNodesTest {
  static final int ROUNDS = 6;

  @Test
  void threeNodesAgreeOnOneWinnerAndSeeEachOthersAppendsAtOnce() throws Exception {
    String db = PgCluster.shared().newDatabase();
    List<ServerProcess> servers = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) servers.add(ServerProcess.start(SigServer.class.getName(), db));
      List<Http> nodes = servers.stream().map(s -> new Http(s.uri())).toList();
      TestChain c = new TestChain();
      c.add();
      assertEquals(201, nodes.get(0).post(chain(c.name()), c.jsonl()).statusCode());
      for (int round = 0; round < ROUNDS; round++) {
        List<Link> rivals = List.of(c.nextAdd(), c.nextAdd(), c.nextAdd()); // same seq and prev
        List<HttpResponse<String>> r = race(nodes, rivals, c.name());
        assertEquals(List.of(201, 409, 409), sorted(r), "round " + round + ": " + bodies(r));
        for (int i = 0; i < 3; i++) if (r.get(i).statusCode() == 201) c.accept(rivals.get(i));
        assertSameEverywhere(nodes, c);
      }
      Link same = c.nextAdd();
      assertEquals(
          List.of(200, 200, 201), sorted(race(nodes, List.of(same, same, same), c.name())));
      c.accept(same);
      assertSameEverywhere(nodes, c);
      assertEquals(
          2 * ROUNDS, json(nodes.get(2).get(chain(c.name()) + "/forks")).path("forks").size());

      // Each node in turn appends (a device this time, so the key index moves too); the other two
      // have just served the previous version from their caches and must not serve it again.
      for (int i = 0; i < 3; i++) {
        SecretKey device = SecretKey.generate(Algorithm.ED25519);
        Link l = c.addDevice(device);
        assertEquals(
            201, nodes.get(i).post(chain(c.name()), l.canonicalJson() + "\n").statusCode());
        assertSameEverywhere(nodes, c);
        for (Http n : nodes)
          assertEquals(
              c.name(),
              json(n.get("/v1/keys/" + device.publicKey().encoded())).path("chain").asText());
      }
    } finally {
      for (ServerProcess s : servers) s.close();
    }
  }

  /** Every node serves the chain as the test knows it: bundle, ETag and head. */
  private static void assertSameEverywhere(List<Http> nodes, TestChain c) {
    for (int i = 0; i < nodes.size(); i++) {
      HttpResponse<String> got = nodes.get(i).get(chain(c.name()));
      assertEquals(c.jsonl(), got.body(), "node " + i);
      assertEquals("\"" + c.state().head() + "\"", got.headers().firstValue("ETag").orElseThrow());
      assertEquals(
          c.state().length(),
          json(nodes.get(i).get(chain(c.name()) + "/head")).path("seq").asLong());
    }
  }

  /** Posts links.get(i) to node i, all released at once. */
  private static List<HttpResponse<String>> race(List<Http> nodes, List<Link> links, String name)
      throws Exception {
    CyclicBarrier start = new CyclicBarrier(nodes.size());
    List<CompletableFuture<HttpResponse<String>>> fs = new ArrayList<>();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < nodes.size(); i++) {
        Http n = nodes.get(i);
        Link l = links.get(i);
        fs.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    start.await();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  return n.post(chain(name), l.canonicalJson() + "\n");
                },
                ex));
      }
    }
    List<HttpResponse<String>> out = new ArrayList<>();
    for (var f : fs) out.add(f.get());
    return out;
  }

  private static List<Integer> sorted(List<HttpResponse<String>> r) {
    return r.stream().map(HttpResponse::statusCode).sorted().toList();
  }

  private static List<String> bodies(List<HttpResponse<String>> r) {
    return r.stream().map(HttpResponse::body).toList();
  }
}
