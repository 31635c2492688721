package dev.kez.sigserver;

import static dev.kez.server.testing.Http.chain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainResult;
import dev.kez.core.chain.ChainVerifier;
import dev.kez.server.testing.Http;
import dev.kez.server.testing.PgCluster;
import dev.kez.server.testing.ServerProcess;
import dev.kez.sigserver.testing.TestChain;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Durability: kill -9 the server in the middle of a stream of appends, restart it on the same
 * database, and every acknowledged link is there, the chains still verify, and no partial link or
 * half-moved head is visible.
 */
class KillNineTest {
  static final int CHAINS = 3;
  static final int LINKS = 80;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void everyAcknowledgedLinkSurvivesAKillNine(String backend) throws Exception {
    String db =
        backend.equals("sqlite")
            ? Files.createTempDirectory("kez-sig-kill-").resolve("kez-sig.db").toString()
            : PgCluster.shared().newDatabase();
    List<TestChain> chains = new ArrayList<>();
    for (int i = 0; i < CHAINS; i++) {
      TestChain c = new TestChain();
      c.add(LINKS);
      chains.add(c);
    }
    AtomicIntegerArray acked = new AtomicIntegerArray(CHAINS);
    AtomicInteger total = new AtomicInteger();
    Queue<String> errors = new ConcurrentLinkedQueue<>();
    ServerProcess server = ServerProcess.start(SigServer.class.getName(), db);
    Http http = new Http(server.uri());
    List<Thread> writers = new ArrayList<>();
    for (int i = 0; i < CHAINS; i++) {
      int ci = i;
      writers.add(
          Thread.ofPlatform()
              .start(() -> {
                TestChain c = chains.get(ci);
                for (int seq = 1; seq <= LINKS; seq++) {
                  HttpResponse<String> r;
                  try {
                    r = http.post(chain(c.name()), c.jsonl(seq, seq));
                  } catch (RuntimeException e) {
                    return; // the server is gone: this link was never acknowledged
                  }
                  if (r.statusCode() != 201) {
                    errors.add(
                        "chain " + ci + " seq " + seq + ": " + r.statusCode() + " " + r.body());
                    return;
                  }
                  acked.set(ci, seq);
                  total.incrementAndGet();
                }
              }));
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (total.get() < CHAINS * LINKS / 3 && System.nanoTime() < deadline) Thread.sleep(5);
    server.kill9();
    for (Thread t : writers) t.join();
    assertTrue(errors.isEmpty(), errors.toString());
    assertTrue(
        total.get() > 0 && total.get() < CHAINS * LINKS,
        "the kill must land mid-stream: " + total.get() + " acked");

    try (ServerProcess again = ServerProcess.start(SigServer.class.getName(), db)) {
      Http h = new Http(again.uri());
      for (int i = 0; i < CHAINS; i++) {
        TestChain c = chains.get(i);
        HttpResponse<String> r = h.get(chain(c.name()));
        assertEquals(200, r.statusCode(), "chain " + i + " acked " + acked.get(i));
        ChainResult result = ChainVerifier.verify(Bundle.read(new StringReader(r.body())));
        ChainResult.Verified v =
            assertInstanceOf(ChainResult.Verified.class, result, "the stored chain verifies");
        long stored = v.state().length();
        assertTrue(
            stored >= acked.get(i),
            "chain " + i + ": " + stored + " stored < " + acked.get(i) + " acknowledged");
        assertTrue(
            stored <= acked.get(i) + 1,
            "at most the one in-flight link beyond the acknowledged ones");
        assertEquals(c.jsonl(1, (int) stored), r.body(), "exactly the links sent, whole");
        assertEquals(
            stored,
            Http.json(h.get(chain(c.name()) + "/head")).path("seq").asLong(),
            "head agrees with the links");
        // And it goes on from there.
        if (stored < LINKS)
          assertEquals(201, h.post(chain(c.name()), c.jsonl((int) stored + 1, LINKS)).statusCode());
      }
    }
  }
}
