package dev.kez.sigserver;

import static dev.kez.server.testing.Http.chain;
import static dev.kez.server.testing.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kez.core.chain.Link;
import dev.kez.server.testing.Http;
import dev.kez.server.testing.PgCluster;
import dev.kez.server.testing.ServerProcess;
import dev.kez.sigserver.testing.TestChain;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * Two server processes on one PostgreSQL database, racing: at each seq, two different valid links
 * reach the two nodes at the same moment. The database decides: exactly one 201 and one 409, every
 * round, and both nodes then serve the same chain.
 */
class TwoNodesRaceTest {
  static final int ROUNDS = 12;

  @Test
  void twoNodesRacingAtOneSeqGiveOneWinnerAndOneFork() throws Exception {
    String db = PgCluster.shared().newDatabase();
    try (ServerProcess a = ServerProcess.start(SigServer.class.getName(), db);
        ServerProcess b = ServerProcess.start(SigServer.class.getName(), db)) {
      Http ha = new Http(a.uri());
      Http hb = new Http(b.uri());
      TestChain c = new TestChain();
      c.add();
      assertEquals(201, ha.post(chain(c.name()), c.jsonl()).statusCode());
      CyclicBarrier start = new CyclicBarrier(2);
      for (int round = 0; round < ROUNDS; round++) {
        Link la = c.nextAdd();
        Link lb = c.nextAdd(); // same seq, same prev, another account: both valid alone
        List<HttpResponse<String>> r = race(start, ha, la, hb, lb, c.name());
        List<Integer> statuses =
            new ArrayList<>(List.of(r.get(0).statusCode(), r.get(1).statusCode()));
        statuses.sort(null);
        assertEquals(
            List.of(201, 409),
            statuses,
            "round " + round + ": " + r.get(0).body() + " / " + r.get(1).body());
        c.accept(r.get(0).statusCode() == 201 ? la : lb);
      }
      // The same link at both nodes at once: one stores it, the other finds it stored.
      Link same = c.nextAdd();
      List<HttpResponse<String>> r = race(start, ha, same, hb, same, c.name());
      List<Integer> statuses =
          new ArrayList<>(List.of(r.get(0).statusCode(), r.get(1).statusCode()));
      statuses.sort(null);
      assertEquals(List.of(200, 201), statuses);
      c.accept(same);

      assertEquals(c.jsonl(), ha.get(chain(c.name())).body());
      assertEquals(c.jsonl(), hb.get(chain(c.name())).body());
      assertEquals(ROUNDS, json(ha.get(chain(c.name()) + "/forks")).path("forks").size());
      assertEquals(ROUNDS, json(hb.get(chain(c.name()) + "/forks")).path("forks").size());

      // Reads come from a cache of bundles by head, yet an append on one node shows on the
      // other at once: each read asks the database for the head.
      for (int i = 0; i < 5; i++) {
        assertEquals(c.jsonl(), hb.get(chain(c.name())).body()); // b now holds this version
        Link next = c.add();
        assertEquals(201, ha.post(chain(c.name()), next.canonicalJson() + "\n").statusCode());
        assertEquals(
            c.jsonl(), hb.get(chain(c.name())).body(), "read " + i + " on b after an append on a");
      }
    }
  }

  private static List<HttpResponse<String>> race(
      CyclicBarrier start, Http ha, Link la, Http hb, Link lb, String name) throws Exception {
    CompletableFuture<HttpResponse<String>> fa =
        CompletableFuture.supplyAsync(() -> {
          await(start);
          return ha.post(chain(name), la.canonicalJson() + "\n");
        });
    CompletableFuture<HttpResponse<String>> fb =
        CompletableFuture.supplyAsync(() -> {
          await(start);
          return hb.post(chain(name), lb.canonicalJson() + "\n");
        });
    return List.of(fa.get(), fb.get());
  }

  private static void await(CyclicBarrier b) {
    try {
      b.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A node appends after the head it last stored without reading it first (ChainService): when
   * another node has moved the head since, the node's answers are still those of the database's
   * head, a fork a 409, the stored link a 200 naming the real head, the next link a 201.
   */
  @Test
  void aNodeWhoseLastHeadIsStaleAnswersFromTheDatabasesHead() throws Exception {
    String db = PgCluster.shared().newDatabase();
    try (ServerProcess a = ServerProcess.start(SigServer.class.getName(), db);
        ServerProcess b = ServerProcess.start(SigServer.class.getName(), db)) {
      Http ha = new Http(a.uri());
      Http hb = new Http(b.uri());
      TestChain c = new TestChain();
      c.add(2);
      assertEquals(201, ha.post(chain(c.name()), c.jsonl()).statusCode()); // a: head 2
      Link stored = c.nextAdd();
      Link rival = c.nextAdd(); // seq 3 too, validly signed
      c.accept(stored);
      assertEquals(201, hb.post(chain(c.name()), c.jsonl(3, 3)).statusCode()); // b: head 3

      HttpResponse<String> fork = ha.post(chain(c.name()), rival.canonicalJson() + "\n");
      assertEquals(409, fork.statusCode(), fork.body());
      assertEquals(3, json(fork).path("seq").asLong());
      HttpResponse<String> again = ha.post(chain(c.name()), c.jsonl(3, 3));
      assertEquals(200, again.statusCode(), again.body());
      assertEquals(c.state().head(), json(again).path("head").path("hash").asText());
      c.add();
      assertEquals(201, ha.post(chain(c.name()), c.jsonl(4, 4)).statusCode());
      assertEquals(c.jsonl(), hb.get(chain(c.name())).body());
    }
  }
}
