package dev.kez.sigserver.bench;

import dev.kez.core.chain.ChainState;
import dev.kez.core.chain.ChainVerifier;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.Links;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.server.testing.Http;
import dev.kez.server.testing.ServerProcess;
import dev.kez.sigserver.SigServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Reads and appends on a store loaded by {@code sig-server/scale-bench.sh} from {@code
 * sig-server/scale/ScaleGen.java}'s files: the server runs in its own process on the loaded
 * database; {@code bench.threads} clients GET uniformly random chains for {@code bench.seconds},
 * then append one link each to {@code bench.appends} distinct random chains whose secret key the
 * generator kept. Each append's chain is rebuilt here from its key with kez-core's {@code
 * Links.add} before the clock starts, and its head must equal the stored one: the generated links
 * are exactly what kez-core makes. Args: {@code LABEL DB DATA_DIR}, once per store; the stores are
 * measured side by side, in alternating rounds ({@code bench.rounds}).
 */
public final class ScaleBench {
  static final int APPENDS = Integer.getInteger("bench.appends", 2000);

  /** One loaded store: its server, its chain names and the links to append to it. */
  private record Store(
      String label, ServerProcess server, List<String> names, long links, List<Link> appends) {}

  public static void main(String[] args) throws Exception {
    List<Store> stores = new ArrayList<>();
    LoadBench.Client client = LoadBench.Client.of(LoadBench.THREADS);
    try {
      for (int i = 0; i + 2 < args.length; i += 3)
        stores.add(open(args[i], args[i + 1], Path.of(args[i + 2])));
      // The machine is shared: the stores take turns, phase by phase, so that a burst of someone
      // else's load hits all of them; latencies are pooled over the rounds.
      int rounds = LoadBench.ROUNDS;
      List<List<LoadBench.Result>> reads = new ArrayList<>();
      List<List<LoadBench.Result>> appends = new ArrayList<>();
      for (Store st : stores) {
        LoadBench.timed("warm-up", client, randomRead(st), 3);
        reads.add(new ArrayList<>());
        appends.add(new ArrayList<>());
      }
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < stores.size(); i++) {
          Store st = stores.get(i);
          reads.get(i).add(LoadBench.timed("read", client, randomRead(st), LoadBench.SECONDS));
          int n = st.appends().size() / rounds;
          appends
              .get(i)
              .add(appendAll(client, st.server().uri(), st.appends().subList(r * n, (r + 1) * n)));
        }
      }
      System.out.println();
      System.out.println(
          "| store | chains | links | reads/s | read p50 ms | read p99 ms | appends | appends/s | append p50 ms | append p99 ms |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
      for (int i = 0; i < stores.size(); i++) {
        Store st = stores.get(i);
        LoadBench.Result rd = pool(reads.get(i));
        LoadBench.Result ap = pool(appends.get(i));
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %d | %.0f | %.2f | %.2f | %d | %.0f | %.2f | %.2f |%n",
            st.label(),
            st.names().size(),
            st.links(),
            rd.perSecond(),
            rd.p(0.5),
            rd.p(0.99),
            ap.ops(),
            ap.perSecond(),
            ap.p(0.5),
            ap.p(0.99));
      }
    } finally {
      for (Store st : stores) st.server().close();
      client.close();
    }
  }

  private static Store open(String label, String db, Path data) throws IOException {
    List<String> names = new ArrayList<>();
    long links = 0;
    for (String line : lines(data, "chains-")) {
      String[] f = line.split("\t");
      names.add(f[0]);
      links += Long.parseLong(f[1]);
    }
    List<String[]> secrets = new ArrayList<>();
    for (String line : lines(data, "secrets-")) secrets.add(line.split("\t"));
    Collections.shuffle(secrets, new Random(42));
    ServerProcess server =
        ServerProcess.start(
            SigServer.class.getName(),
            List.of("-Xmx256m", "-XX:+UseSerialGC"),
            db,
            "--max-concurrent",
            "1000");
    // Each append's chain is rebuilt to its head on the server (an earlier run may have appended):
    // the only untimed request, one row of the chains table, not the chain's links.
    Http http = new Http(server.uri());
    List<Link> appends = new ArrayList<>();
    for (String[] s : secrets.subList(0, Math.min(APPENDS, secrets.size()))) {
      String head = Http.json(http.get(Http.chain(s[0]) + "/head")).path("hash").asText();
      appends.add(
          next(s[0], SecretKey.fromSecret(Algorithm.ED25519, HexFormat.of().parseHex(s[1])), head));
    }
    return new Store(label, server, names, links, appends);
  }

  /** GETs of uniformly random chains of the store. */
  private static java.util.function.IntFunction<URI> randomRead(Store st) {
    URI base = st.server().uri();
    List<String> names = st.names();
    return t ->
        base.resolve(Http.chain(names.get(ThreadLocalRandom.current().nextInt(names.size()))));
  }

  /** The rounds' results as one: their ops and time summed, their latencies pooled. */
  private static LoadBench.Result pool(List<LoadBench.Result> rs) {
    long[][] lat = new long[rs.size()][];
    int[] counts = new int[rs.size()];
    double seconds = 0;
    for (int i = 0; i < rs.size(); i++) {
      lat[i] = rs.get(i).nanos();
      counts[i] = lat[i].length;
      seconds += rs.get(i).seconds();
    }
    return LoadBench.result(rs.get(0).name(), lat, counts, seconds);
  }

  /** The lines of every {@code PREFIX*.tsv} in the data folder. */
  private static List<String> lines(Path data, String prefix) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(data)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        try (BufferedReader r = Files.newBufferedReader(p)) {
          r.lines().forEach(out::add);
        }
      }
    }
    return out;
  }

  /**
   * Rebuilds a generated chain from its key (as ScaleGen made it: one {@code add} of {@code
   * github:kSEQ} every 10 s) until its head is the loaded head, then makes the next link.
   */
  static Link next(String chain, SecretKey key, String head) {
    ChainVerifier v = ChainVerifier.start(Clock.systemUTC());
    ChainState st = ChainState.EMPTY;
    long time = 1_764_150_000L;
    for (int seq = 1; ; seq++) {
      time += 10;
      Link l =
          Links.add(
              st,
              Claim.builder(Account.parse("github:k" + seq)).createdAt(time).sign(key),
              key,
              time);
      if (head.equals(st.head())) return l;
      if (seq > 10_000) throw new IllegalStateException("chain " + chain + " does not rebuild");
      st = v.append(l);
    }
  }

  /** Threads take the next link from the list and post it: one link per POST, 201 expected. */
  static LoadBench.Result appendAll(LoadBench.Client client, URI base, List<Link> links)
      throws Exception {
    int threads = LoadBench.THREADS;
    long[][] lat = new long[threads][links.size()];
    int[] counts = new int[threads];
    AtomicInteger at = new AtomicInteger();
    List<Thread> ts = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int ti = t;
      ts.add(
          Thread.ofPlatform()
              .start(() -> {
                for (int i; (i = at.getAndIncrement()) < links.size(); ) {
                  Link l = links.get(i);
                  URI uri = base.resolve(Http.chain(l.key().encoded()));
                  String body = l.canonicalJson() + "\n";
                  long s = System.nanoTime();
                  var r = client.send(uri, body);
                  if (r.getStatus() != 201)
                    throw new IllegalStateException(
                        "append: HTTP " + r.getStatus() + " " + r.getContentAsString());
                  lat[ti][counts[ti]++] = System.nanoTime() - s;
                }
              }));
    }
    for (Thread th : ts) th.join();
    if (Arrays.stream(counts).sum() != links.size())
      throw new IllegalStateException("some appends failed (see above)");
    return LoadBench.result("append", lat, counts, (System.nanoTime() - t0) / 1e9);
  }
}
