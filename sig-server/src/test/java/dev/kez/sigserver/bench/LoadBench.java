package dev.kez.sigserver.bench;

import dev.kez.server.testing.Http;
import dev.kez.server.testing.PgCluster;
import dev.kez.server.testing.ServerProcess;
import dev.kez.sigserver.SigServer;
import dev.kez.sigserver.testing.TestChain;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.IntFunction;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;

/**
 * Load measurement, not a unit test: this JVM is the load generator, the server runs in its own
 * process (as in production) on loopback. For SQLite and for a PostgreSQL with its default
 * durability (fsync on), it measures appends/s (one link per POST, each on its own chain per client
 * thread), chain reads/s (GET of a 10-link chain, about the size of the static body) and, on the
 * same server, GET of a static 4 KiB body: the framework's ceiling. Run with
 * sig-server/load-bench.sh.
 */
public final class LoadBench {
  static final int THREADS = Integer.getInteger("bench.threads", 8);
  static final int APPENDS_PER_THREAD = Integer.getInteger("bench.appends", 250);
  static final int SECONDS = Integer.getInteger("bench.seconds", 4);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

  record Result(String name, long ops, double seconds, long[] nanos) {
    double perSecond() {
      return ops / seconds;
    }

    double p(double q) {
      return nanos.length == 0
          ? 0
          : nanos[(int) Math.min(nanos.length - 1, Math.floor(q * nanos.length))] / 1e6;
    }
  }

  /**
   * The load generator's HTTP client, Jetty's: the JDK's java.net.http client took 2-3 times the
   * CPU a request (kez-chat's ChatBench), on the same two cores as the server it measures. Every
   * server of a bench is measured with this one client, so ratios stay fair.
   */
  record Client(org.eclipse.jetty.client.HttpClient http) implements AutoCloseable {
    static Client of(int connectionsPerServer) {
      var http = new org.eclipse.jetty.client.HttpClient();
      http.setMaxConnectionsPerDestination(connectionsPerServer);
      http.setConnectTimeout(5000);
      try {
        http.start();
      } catch (Exception e) {
        throw new IllegalStateException("the HTTP client did not start: " + e.getMessage(), e);
      }
      return new Client(http);
    }

    /** GET, or POST of {@code body} when not null; the status and body, or an exception. */
    ContentResponse send(URI uri, String body) {
      var req = http.newRequest(uri).timeout(60, TimeUnit.SECONDS);
      if (body != null)
        req.method("POST").body(new StringRequestContent("application/x-ndjson", body));
      try {
        return req.send();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      try {
        http.stop();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    List<String> backends = args.length > 0 ? List.of(args) : List.of("sqlite", "postgres");
    System.out.printf(
        Locale.ROOT,
        "kez-sig-server load: %d client threads, %d appends per thread, %d rounds of %d s per read phase, %d cores%n",
        THREADS,
        APPENDS_PER_THREAD,
        ROUNDS,
        SECONDS,
        Runtime.getRuntime().availableProcessors());
    List<String> table = new ArrayList<>();
    String external = System.getProperty("bench.url");
    if (external != null) { // a server started elsewhere, e.g. by ./kez-sig-server, to read its RSS
      table.addAll(run("external", URI.create(external), () -> Double.NaN));
      backends = List.of();
    }
    for (String backend : backends) {
      PgCluster pg = null;
      String db;
      if (backend.equals("postgres")) {
        pg = PgCluster.start(true);
        db = pg.newDatabase();
      } else {
        db = Files.createTempDirectory("kez-sig-bench-").resolve("kez-sig.db").toString();
      }
      try (ServerProcess server =
          ServerProcess.start(
              SigServer.class.getName(),
              GroupCommitBench.serverJvm(),
              db,
              "--bench-static",
              "on")) {
        int pgPort = pg == null ? 0 : pg.port();
        table.addAll(run(backend, server.uri(), () -> cpuSeconds(server.pid(), pgPort)));
      } finally {
        if (pg != null) pg.close();
      }
    }
    System.out.println();
    System.out.println(
        "| store | operation | ops/s | p50 ms | p99 ms | ops/s vs static 4 KiB | server CPU µs/op |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|");
    table.forEach(System.out::println);
  }

  /**
   * User + system CPU seconds so far of the server process and, for PostgreSQL, of its cluster's
   * processes (the postmaster listening on {@code pgPort} and its children): a cost per operation
   * that other programs' load on the machine hardly moves, unlike ops/s.
   */
  static double cpuSeconds(long serverPid, int pgPort) {
    List<ProcessHandle> ps = new ArrayList<>();
    ProcessHandle.of(serverPid).ifPresent(ps::add);
    if (pgPort > 0)
      ProcessHandle.allProcesses()
          .filter(p -> p.info().commandLine().orElse("").contains(" -p " + pgPort + " "))
          .forEach(pm -> {
            ps.add(pm);
            pm.descendants().forEach(ps::add);
          });
    double sum = 0;
    for (ProcessHandle p : ps) {
      try {
        sum += ServerProcess.cpuSeconds(p.pid());
      } catch (IOException e) {
        // the process ended meanwhile
      }
    }
    return sum;
  }

  /** A phase's result and the server's CPU seconds during it. */
  static Result withCpu(DoubleSupplier cpu, Callable<Result> phase, Map<Result, Double> cpuOf)
      throws Exception {
    double before = cpu.getAsDouble();
    Result r = phase.call();
    cpuOf.put(r, cpu.getAsDouble() - before);
    return r;
  }

  static List<String> run(String backend, URI base, DoubleSupplier cpu) throws Exception {
    try (Client client = Client.of(THREADS)) {
      return run(backend, base, client, cpu);
    }
  }

  private static List<String> run(String backend, URI base, Client client, DoubleSupplier cpu)
      throws Exception {
    Http http = new Http(base);
    // Links are signed before the clock starts: the client's signing is not the server's cost.
    List<TestChain> appendChains = new ArrayList<>();
    List<TestChain> warmChains = new ArrayList<>();
    List<TestChain> readChains = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      TestChain a = new TestChain();
      a.add(APPENDS_PER_THREAD);
      appendChains.add(a);
      TestChain w = new TestChain();
      w.add(APPENDS_PER_THREAD / 2);
      warmChains.add(w);
      TestChain r = new TestChain();
      r.add(10);
      readChains.add(r);
      if (http.post(Http.chain(r.name()), r.jsonl()).statusCode() != 201)
        throw new IllegalStateException("setup failed");
    }
    List<String> rows = new ArrayList<>();
    // Warm-up: let both JITs settle on every path measured.
    timed("warm-up", client, t -> base.resolve("/bench/static"), 3);
    timed("warm-up", client, t -> base.resolve(Http.chain(readChains.get(t).name())), 3);

    appends(client, base, warmChains);

    // The machine is shared: alternate the two read phases for a few rounds and keep each one's
    // median round, so a burst of someone else's load does not decide the ratio.
    // CPU per op is summed over all rounds of a phase.
    List<Result> stats = new ArrayList<>();
    List<Result> readRuns = new ArrayList<>();
    Map<Result, Double> cpuOf = new HashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      stats.add(
          withCpu(
              cpu,
              () -> timed("static 4 KiB", client, t -> base.resolve("/bench/static"), SECONDS),
              cpuOf));
      readRuns.add(
          withCpu(
              cpu,
              () ->
                  timed(
                      "chain read (10 links)",
                      client,
                      t -> base.resolve(Http.chain(readChains.get(t).name())),
                      SECONDS),
              cpuOf));
    }
    Result stat = median(stats);
    Result reads = median(readRuns);
    Result appends = withCpu(cpu, () -> appends(client, base, appendChains), cpuOf);
    Map<Result, List<Result>> phases =
        Map.of(stat, stats, reads, readRuns, appends, List.of(appends));
    for (Result r : List.of(appends, reads, stat)) {
      List<Result> all = phases.get(r);
      double micros =
          all.stream().mapToDouble(cpuOf::get).sum()
              * 1e6
              / all.stream().mapToLong(Result::ops).sum();
      String line =
          String.format(
              Locale.ROOT,
              "| %s | %s | %.0f | %.2f | %.2f | %.2f | %.0f |",
              backend,
              r.name(),
              r.perSecond(),
              r.p(0.50),
              r.p(0.99),
              r.perSecond() / stat.perSecond(),
              micros);
      System.out.println(line);
      rows.add(line);
    }
    return rows;
  }

  /**
   * Each thread GETs the URIs {@code target} gives it (asked anew for each request), back to back,
   * for {@code seconds}.
   */
  static Result timed(String name, Client client, IntFunction<URI> target, int seconds)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    long[][] lat = new long[THREADS][];
    int[] counts = new int[THREADS];
    List<Thread> threads = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < THREADS; t++) {
      int ti = t;
      threads.add(
          Thread.ofPlatform()
              .start(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                while (!stop.get()) {
                  URI uri = target.apply(ti);
                  long s = System.nanoTime();
                  ContentResponse r = client.send(uri, null);
                  if (r.getStatus() != 200)
                    throw new IllegalStateException(name + ": HTTP " + r.getStatus());
                  if (n == mine.length) mine = Arrays.copyOf(mine, n * 2);
                  mine[n++] = System.nanoTime() - s;
                }
                lat[ti] = mine;
                counts[ti] = n;
              }));
    }
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    for (Thread th : threads) th.join();
    return result(name, lat, counts, (System.nanoTime() - t0) / 1e9);
  }

  /**
   * One client (virtual) thread per chain posts its links one per POST, back to back: virtual, as a
   * hundred platform threads blocked on sockets cost the load process CPU in context switches.
   */
  static Result appends(Client client, URI base, List<TestChain> chains) throws Exception {
    return appends(client, List.of(base), chains);
  }

  /** As {@link #appends(Client, URI, List)}, chain i's thread posting to node i mod n. */
  static Result appends(Client client, List<URI> nodes, List<TestChain> chains) throws Exception {
    int clients = chains.size();
    long[][] lat = new long[clients][];
    int[] counts = new int[clients];
    List<Thread> threads = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < clients; t++) {
      int ti = t;
      threads.add(
          Thread.ofVirtual()
              .start(() -> {
                TestChain c = chains.get(ti);
                URI base = nodes.get(ti % nodes.size());
                int n = c.links().size();
                long[] mine = new long[n];
                for (int seq = 1; seq <= n; seq++) {
                  URI uri = base.resolve(Http.chain(c.name()));
                  String body = c.jsonl(seq, seq);
                  long s = System.nanoTime();
                  ContentResponse r = client.send(uri, body);
                  if (r.getStatus() != 201)
                    throw new IllegalStateException(
                        "append: HTTP " + r.getStatus() + " " + r.getContentAsString());
                  mine[seq - 1] = System.nanoTime() - s;
                }
                lat[ti] = mine;
                counts[ti] = n;
              }));
    }
    for (Thread th : threads) th.join();
    return result("append (1 link/POST)", lat, counts, (System.nanoTime() - t0) / 1e9);
  }

  static Result median(List<Result> runs) {
    List<Result> sorted = new ArrayList<>(runs);
    sorted.sort(java.util.Comparator.comparingDouble(Result::perSecond));
    return sorted.get(sorted.size() / 2);
  }

  static Result result(String name, long[][] lat, int[] counts, double seconds) {
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int t = 0; t < lat.length; t++) {
      System.arraycopy(lat[t], 0, all, at, counts[t]);
      at += counts[t];
    }
    Arrays.sort(all);
    return new Result(name, total, seconds, all);
  }
}
