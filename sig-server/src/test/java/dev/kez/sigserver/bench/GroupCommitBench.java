package dev.kez.sigserver.bench;

import dev.kez.server.testing.PgCluster;
import dev.kez.server.testing.ServerProcess;
import dev.kez.sigserver.testing.TestChain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
  static final int WARMUP = Integer.getInteger("bench.warmup", 1);

  /**
   * Extra JVM options for the servers, e.g. {@code -XX:StartFlightRecording=filename=/tmp/%p.jfr}.
   */
  static final String SERVER_JVM = System.getProperty("bench.serverJvm", "");

  /**
   * Another build's classpath (e.g. main's): its server runs in the same rounds, group commit on
   * disk and on tmpfs, so that a change's gain is measured side by side.
   */
  static final String COMPARE = System.getProperty("bench.compare");

  /**
   * The JVM options the kez-sig-server launcher starts a server with (its KEZ_SIG_JAVA_OPTS
   * default), read from the launcher so that the two cannot drift: the bench measures what
   * production runs. G1, the JVM's default, spent 25 % of a server's CPU here in collections of
   * short-lived request garbage.
   */
  static final List<String> LAUNCHER_JVM = launcherJvm();

  private static List<String> launcherJvm() {
    try {
      Matcher m =
          Pattern.compile("opts=\\$\\{KEZ_SIG_JAVA_OPTS:-([^}]*)}")
              .matcher(Files.readString(Path.of("kez-sig-server")));
      if (!m.find())
        throw new IllegalStateException(
            "kez-sig-server no longer sets its JVM options as opts=${KEZ_SIG_JAVA_OPTS:-...}");
      return List.of(m.group(1).trim().split("\\s+"));
    } catch (IOException e) {
      throw new UncheckedIOException("the bench runs from the repository's root: " + e, e);
    }
  }

  /** One server under test: its appends/s per round and the CPU both processes spent on it. */
  private static final class Target {
    final String label;
    final ServerProcess server;
    final List<Double> rates = new ArrayList<>();
    LoadBench.Result last;
    long appends;
    double serverCpu;
    double loadCpu;

    Target(String label, ServerProcess server) {
      this.label = label;
      this.server = server;
    }

    void round(LoadBench.Client client) throws Exception {
      List<TestChain> chains = chains(); // signed before the clocks start
      double s0 = server.cpuSeconds();
      double l0 = ServerProcess.cpuSeconds(SELF);
      last = LoadBench.appends(client, server.uri(), chains);
      serverCpu += server.cpuSeconds() - s0;
      loadCpu += ServerProcess.cpuSeconds(SELF) - l0;
      appends += last.ops();
      rates.add(last.perSecond());
    }

    double median() {
      return GroupCommitBench.median(rates);
    }

    String row(double baseline) {
      return String.format(
          Locale.ROOT,
          "| %s | %.0f | %.1fx | %.2f | %.2f | %.2f |",
          label,
          median(),
          median() / baseline,
          last.p(0.99),
          1000 * serverCpu / appends,
          1000 * loadCpu / appends);
    }
  }

  private static final long SELF = ProcessHandle.current().pid();

  public static void main(String[] args) throws Exception {
    List<String> backends = args.length > 0 ? List.of(args) : List.of("sqlite", "postgres");
    System.out.printf(
        Locale.ROOT,
        "group commit: %d concurrent appenders x %d appends, %d warm-up + %d rounds, %d cores, load %s%n",
        CLIENTS,
        APPENDS,
        WARMUP,
        ROUNDS,
        Runtime.getRuntime().availableProcessors(),
        loadAverage());
    List<String> table = new ArrayList<>();
    for (String backend : backends) {
      PgCluster pg = backend.equals("postgres") ? PgCluster.start(true) : null;
      boolean shm = pg == null && Files.isDirectory(Path.of("/dev/shm"));
      List<Path> dirs = new ArrayList<>(); // SQLite's files, deleted when the bench ends
      List<Target> targets = new ArrayList<>();
      try (LoadBench.Client client = LoadBench.Client.of(CLIENTS)) {
        targets.add(new Target("one fsync per append", server(null, db(pg, dirs, false), "off")));
        targets.add(new Target("group commit", server(null, db(pg, dirs, false), "on")));
        if (shm)
          targets.add(
              new Target("group commit, no fsync (tmpfs)", server(null, db(pg, dirs, true), "on")));
        if (COMPARE != null) {
          targets.add(
              new Target(
                  "compared build: group commit", server(COMPARE, db(pg, dirs, false), "on")));
          if (shm)
            targets.add(
                new Target(
                    "compared build: group commit, tmpfs",
                    server(COMPARE, db(pg, dirs, true), "on")));
        }
        // A warm-up round each, not counted: the figures are of warm JITs, not of compiling.
        for (int i = 0; i < WARMUP; i++)
          for (Target t : targets) LoadBench.appends(client, t.server.uri(), chains());
        for (int round = 0; round < ROUNDS; round++) for (Target t : targets) t.round(client);
        double baseline = targets.get(0).median();
        table.add(String.format(Locale.ROOT, "| **%s** | | | | | |", backend));
        for (Target t : targets) table.add(t.row(baseline));
      } finally {
        for (Target t : targets) t.server.close();
        if (pg != null) pg.close();
        for (Path d : dirs) deleteTree(d);
      }
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "load at the end: %s%n", loadAverage());
    System.out.println(
        "| server | appends/s | vs one fsync per append | p99 ms | server CPU ms/append | load generator CPU ms/append |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    table.forEach(System.out::println);
  }

  /** A fresh database: a PostgreSQL one, or an SQLite file (on tmpfs when {@code shm}). */
  private static String db(PgCluster pg, List<Path> dirs, boolean shm) throws Exception {
    if (pg != null) return pg.newDatabase();
    return sqliteIn(dirs, shm ? Path.of("/dev/shm") : null, "kez-gc-");
  }

  /** The launcher's JVM options, then {@code -Dbench.serverJvm}'s. */
  static List<String> serverJvm() {
    List<String> jvm = new ArrayList<>(LAUNCHER_JVM);
    if (!SERVER_JVM.isBlank()) jvm.addAll(List.of(SERVER_JVM.trim().split("\\s+")));
    return jvm;
  }

  /** A server from this build's classpath (null) or another's. */
  private static ServerProcess server(String classpath, String db, String groupCommit)
      throws IOException {
    return ServerProcess.start(
        classpath == null ? System.getProperty("java.class.path") : classpath,
        dev.kez.sigserver.SigServer.class.getName(),
        serverJvm(),
        db,
        "--group-commit",
        groupCommit,
        "--max-concurrent",
        "1000");
  }

  /** An SQLite file in a fresh temporary directory (under {@code parent} when not null). */
  private static String sqliteIn(List<Path> dirs, Path parent, String prefix) throws IOException {
    Path d =
        parent == null
            ? Files.createTempDirectory(prefix)
            : Files.createTempDirectory(parent, prefix);
    dirs.add(d);
    return d.resolve("kez-sig.db").toString();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList())
        Files.deleteIfExists(p);
    }
  }

  static String loadAverage() throws IOException {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return f[0] + " " + f[1] + " " + f[2];
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
