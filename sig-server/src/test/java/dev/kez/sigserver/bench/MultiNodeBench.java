package dev.kez.sigserver.bench;

import dev.kez.server.testing.Http;
import dev.kez.server.testing.PgCluster;
import dev.kez.server.testing.ServerProcess;
import dev.kez.sigserver.SigServer;
import dev.kez.sigserver.testing.TestChain;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Several sig-server processes on one PostgreSQL (fsync on): appends/s of {@code bench.clients}
 * concurrent appenders (each on its own chain, one link per POST, chain i on node i mod n) and
 * chain reads/s (8 threads, thread t on node t mod n), with 1, 2 and 3 nodes of the same database,
 * in alternating rounds. Run with {@code sig-server/load-bench.sh nodes}.
 */
public final class MultiNodeBench {
  public static void main(String[] args) throws Exception {
    int maxNodes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    System.out.printf(
        Locale.ROOT,
        "several nodes: %d appenders x %d appends, reads %d threads x %d s, %d rounds, %d cores%n",
        GroupCommitBench.CLIENTS,
        GroupCommitBench.APPENDS,
        LoadBench.THREADS,
        LoadBench.SECONDS,
        GroupCommitBench.ROUNDS,
        Runtime.getRuntime().availableProcessors());
    List<ServerProcess> servers = new ArrayList<>();
    try (PgCluster pg = PgCluster.start(true);
        LoadBench.Client client = LoadBench.Client.of(GroupCommitBench.CLIENTS)) {
      String db = pg.newDatabase();
      for (int i = 0; i < maxNodes; i++)
        servers.add(
            ServerProcess.start(
                SigServer.class.getName(),
                List.of("-Xmx256m", "-XX:+UseSerialGC"),
                db,
                "--max-concurrent",
                "1000"));
      List<URI> all = servers.stream().map(ServerProcess::uri).toList();
      TestChain read = new TestChain();
      read.add(10);
      if (new Http(all.get(0)).post(Http.chain(read.name()), read.jsonl()).statusCode() != 201)
        throw new IllegalStateException("setup failed");
      List<List<LoadBench.Result>> appends = new ArrayList<>();
      List<List<LoadBench.Result>> reads = new ArrayList<>();
      for (int n = 1; n <= maxNodes; n++) {
        appends.add(new ArrayList<>());
        reads.add(new ArrayList<>());
        List<URI> nodes = all.subList(0, n);
        LoadBench.timed("warm-up", client, t -> get(nodes, t, read.name()), 2);
        LoadBench.appends(client, nodes, GroupCommitBench.chains(20, 5));
      }
      for (int round = 0; round < GroupCommitBench.ROUNDS; round++) {
        for (int n = 1; n <= maxNodes; n++) {
          List<URI> nodes = all.subList(0, n);
          appends.get(n - 1).add(LoadBench.appends(client, nodes, GroupCommitBench.chains()));
          reads
              .get(n - 1)
              .add(
                  LoadBench.timed(
                      "read", client, t -> get(nodes, t, read.name()), LoadBench.SECONDS));
        }
      }
      System.out.println();
      System.out.println(
          "| nodes | appends/s | append p99 ms | vs 1 node | chain reads/s | read p99 ms | vs 1 node |");
      System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
      double a1 = 0;
      double r1 = 0;
      for (int n = 1; n <= maxNodes; n++) {
        LoadBench.Result a = LoadBench.median(appends.get(n - 1));
        LoadBench.Result r = LoadBench.median(reads.get(n - 1));
        if (n == 1) {
          a1 = a.perSecond();
          r1 = r.perSecond();
        }
        System.out.printf(
            Locale.ROOT,
            "| %d | %.0f | %.2f | %.2fx | %.0f | %.2f | %.2fx |%n",
            n,
            a.perSecond(),
            a.p(0.99),
            a.perSecond() / a1,
            r.perSecond(),
            r.p(0.99),
            r.perSecond() / r1);
      }
    } finally {
      for (ServerProcess s : servers) s.close();
    }
  }

  private static URI get(List<URI> nodes, int thread, String chain) {
    return nodes.get(thread % nodes.size()).resolve(Http.chain(chain));
  }
}
