package dev.kez.sigserver.bench;

import dev.kez.server.testing.PgCluster;
import dev.kez.server.testing.ServerProcess;
import dev.kez.sigserver.testing.TestChain;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Durable appends/s with many concurrent appenders, group commit on against off (one fsync per
 * append), the two servers run side by side in alternating rounds so that a burst of someone else's
 * load hits both. Each client thread appends to its own chain, one link per POST. Run with {@code
 * sig-server/load-bench.sh groupcommit [sqlite|postgres]...}.
 *
 * <p>For SQLite a third server, group commit on a database in {@code /dev/shm} (tmpfs, where fsync
 * costs nothing), runs in the same rounds: the most this server can do on this machine's CPU, which
 * bounds what any commit strategy can gain over the one-fsync baseline.
 */
public final class GroupCommitBench {
  static final int CLIENTS = Integer.getInteger("bench.clients", 100);
  static final int APPENDS = Integer.getInteger("bench.appends", 20);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

  public static void main(String[] args) throws Exception {
    List<String> backends = args.length > 0 ? List.of(args) : List.of("sqlite", "postgres");
    System.out.printf(
        Locale.ROOT,
        "group commit: %d concurrent appenders x %d appends, %d rounds, %d cores%n",
        CLIENTS,
        APPENDS,
        ROUNDS,
        Runtime.getRuntime().availableProcessors());
    List<String> table = new ArrayList<>();
    for (String backend : backends) {
      PgCluster pg = backend.equals("postgres") ? PgCluster.start(true) : null;
      try {
        String dbOn =
            pg != null
                ? pg.newDatabase()
                : Files.createTempDirectory("kez-gc-on-").resolve("kez-sig.db").toString();
        String dbOff =
            pg != null
                ? pg.newDatabase()
                : Files.createTempDirectory("kez-gc-off-").resolve("kez-sig.db").toString();
        try (ServerProcess on =
                ServerProcess.start(
                    dev.kez.sigserver.SigServer.class.getName(),
                    List.of("-Xmx512m"),
                    dbOn,
                    "--group-commit",
                    "on",
                    "--max-concurrent",
                    "1000");
            ServerProcess off =
                ServerProcess.start(
                    dev.kez.sigserver.SigServer.class.getName(),
                    List.of("-Xmx512m"),
                    dbOff,
                    "--group-commit",
                    "off",
                    "--max-concurrent",
                    "1000");
            ServerProcess ceiling =
                pg == null && Files.isDirectory(Path.of("/dev/shm"))
                    ? ServerProcess.start(
                        dev.kez.sigserver.SigServer.class.getName(),
                        List.of("-Xmx512m"),
                        Files.createTempDirectory(Path.of("/dev/shm"), "kez-gc-ceiling-")
                            .resolve("kez-sig.db")
                            .toString(),
                        "--group-commit",
                        "on",
                        "--max-concurrent",
                        "1000")
                    : null;
            LoadBench.Client c = LoadBench.Client.of(8)) {
          HttpClient client = c.http();
          List<Double> rateOn = new ArrayList<>();
          List<Double> rateOff = new ArrayList<>();
          List<Double> rateCeiling = new ArrayList<>();
          LoadBench.Result lastOn = null;
          LoadBench.Result lastOff = null;
          for (int round = 0; round < ROUNDS; round++) {
            lastOn = LoadBench.appends(client, on.uri(), chains());
            lastOff = LoadBench.appends(client, off.uri(), chains());
            rateOn.add(lastOn.perSecond());
            rateOff.add(lastOff.perSecond());
            if (ceiling != null)
              rateCeiling.add(LoadBench.appends(client, ceiling.uri(), chains()).perSecond());
          }
          double medOn = median(rateOn);
          double medOff = median(rateOff);
          table.add(
              String.format(
                  Locale.ROOT,
                  "| %s | %d | %.0f | %.2f | %.0f | %.2f | %.1fx | %s |",
                  backend,
                  CLIENTS,
                  medOff,
                  lastOff.p(0.99),
                  medOn,
                  lastOn.p(0.99),
                  medOn / medOff,
                  rateCeiling.isEmpty()
                      ? "–"
                      : String.format(
                          Locale.ROOT,
                          "%.0f (%.1fx; group commit at %.0f %%)",
                          median(rateCeiling),
                          median(rateCeiling) / medOff,
                          100 * medOn / median(rateCeiling))));
        }
      } finally {
        if (pg != null) pg.close();
      }
    }
    System.out.println();
    System.out.println(
        "| store | appenders | one fsync per append: appends/s | p99 ms | group commit: appends/s | p99 ms | ratio | no fsync at all (tmpfs): appends/s |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    table.forEach(System.out::println);
  }

  static List<TestChain> chains() {
    return chains(CLIENTS, APPENDS);
  }

  /** {@code clients} fresh chains of {@code appends} links each, signed beforehand. */
  static List<TestChain> chains(int clients, int appends) {
    List<TestChain> out = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      TestChain c = new TestChain();
      c.add(appends);
      out.add(c);
    }
    return out;
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    return s.get(s.size() / 2);
  }
}
