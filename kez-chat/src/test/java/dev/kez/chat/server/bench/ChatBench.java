package dev.kez.chat.server.bench;

import dev.kez.chat.protocol.ChatAuth;
import dev.kez.chat.protocol.Envelope;
import dev.kez.chat.protocol.Registration;
import dev.kez.chat.protocol.WsFrame;
import dev.kez.chat.server.ChatServer;
import dev.kez.chat.server.testing.Person;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.json.Json;
import dev.kez.server.testing.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * kez-chat's performance, measured against a baseline run side by side (not a test; run with {@code
 * kez-chat/bench.sh groupcommit|delivery}). Every server is a real process on loopback; this JVM is
 * the load. Requests are sealed and signed before the clock starts, so the figures are the server's
 * (and the loopback's), not the load's crypto.
 *
 * <ul>
 *   <li>{@code groupcommit}: durable accepted messages/s of 100 concurrent senders, group commit on
 *       against off (one fsync per message), in alternating rounds; with each server's CPU time per
 *       message, which says where the ceiling is.
 *   <li>{@code delivery}: 1,000 authenticated WebSockets; POST → entry frame latency and messages/s
 *       with a fixed number of messages in flight, beside a raw Jetty WebSocket echo ({@link
 *       EchoServer}) with as many connections and as many frames in flight; then heap per idle
 *       connection and RSS of both processes.
 * </ul>
 */
public final class ChatBench {
  static final int SENDERS = Integer.getInteger("bench.senders", 100);
  static final int EACH = Integer.getInteger("bench.messages", 20);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  static final int CLIENTS = Integer.getInteger("bench.clients", 1000);
  static final int INFLIGHT = Integer.getInteger("bench.inflight", 8);
  static final int DELIVERIES = Integer.getInteger("bench.deliveries", 3000);

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "groupcommit";
    System.out.printf(
        Locale.ROOT,
        "%s, %d cores, load average %s%n",
        mode,
        Runtime.getRuntime().availableProcessors(),
        loadAverage());
    switch (mode) {
      case "groupcommit" -> groupCommit();
      case "delivery" -> delivery();
      default -> throw new IllegalArgumentException("modes: groupcommit, delivery");
    }
    System.out.println("load average at the end " + loadAverage());
    System.exit(0);
  }

  static ServerProcess chat(String name, String... flags) throws IOException {
    return chat(name, Path.of(System.getProperty("java.io.tmpdir")), flags);
  }

  /** A server process whose files are in a new folder under {@code parent}. */
  static ServerProcess chat(String name, Path parent, String... flags) throws IOException {
    Path dir = Files.createTempDirectory(parent, "kez-chat-bench-" + name + "-");
    // Gone when the bench ends (after main closed the servers): /dev/shm is memory.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--vapid-key-path",
                dir.resolve("vapid.pem").toString(),
                "--max-concurrent",
                "100000"));
    args.addAll(List.of(flags));
    List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
    String jfr = System.getProperty("bench.jfr"); // a folder: profile each server with JFR
    if (jfr != null)
      jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr + "/" + name + ".jfr");
    return ServerProcess.start(
        ChatServer.class.getName(),
        jvm,
        dir.resolve("chat.db").toString(),
        args.toArray(String[]::new));
  }

  static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList())
        Files.deleteIfExists(p);
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }

  // ---- group commit ----------------------------------------------------------------------

  /** One timed run: how many, how long, each latency, the server's CPU seconds. */
  /** ... and this (the load) process's CPU seconds meanwhile. */
  record Run(int n, double seconds, long[] nanos, double cpuSeconds, double loadCpuSeconds) {
    double perSecond() {
      return n / seconds;
    }

    double p(double q) {
      return percentile(nanos, q);
    }

    double cpuMsPerMessage() {
      return cpuSeconds * 1000 / n;
    }

    double loadCpuMsPerMessage() {
      return loadCpuSeconds * 1000 / n;
    }

    /** How much of a core the server had while it ran: CPU seconds per wall second. */
    double cores() {
      return cpuSeconds / seconds;
    }
  }

  static void groupCommit() throws Exception {
    List<Person> senders = people("sender", SENDERS);
    // -Dbench.ceiling=/dev/shm: a third server, group commit on, its database on that tmpfs, where
    // an fsync costs nothing: the most group commit could reach with this server's CPU a message.
    String ceiling = System.getProperty("bench.ceiling");
    try (ServerProcess on = chat("on", "--group-commit", "on");
        ServerProcess off = chat("off", "--group-commit", "off");
        ServerProcess nosync =
            ceiling == null ? null : chat("nosync", Path.of(ceiling), "--group-commit", "on")) {
      for (ServerProcess s : List.of(on, off)) register(s.uri(), senders);
      if (nosync != null) register(nosync.uri(), senders);
      List<Run> runsOn = new ArrayList<>();
      List<Run> runsOff = new ArrayList<>();
      List<Run> runsNosync = new ArrayList<>();
      for (int round = 0; round <= ROUNDS; round++) { // round 0 warms both up, unreported
        // Sender i writes to sender i+1: every message appends to two logs.
        List<List<Envelope>> envs = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
          List<Envelope> mine = new ArrayList<>();
          for (int k = 0; k < EACH; k++)
            mine.add(senders.get(i).seal(senders.get((i + 1) % SENDERS), "m" + k, now()));
          envs.add(mine);
        }
        Run a = posts(on, senders, envs);
        Run b = posts(off, senders, envs);
        Run c = nosync == null ? null : posts(nosync, senders, envs);
        if (round > 0) {
          runsOn.add(a);
          runsOff.add(b);
          if (c != null) runsNosync.add(c);
        }
        System.out.printf(
            Locale.ROOT,
            "round %d: group commit %.0f/s, one fsync per message %.0f/s%s%n",
            round,
            a.perSecond(),
            b.perSecond(),
            c == null
                ? ""
                : String.format(Locale.ROOT, ", no fsync (tmpfs) %.0f/s", c.perSecond()));
      }
      Run mOn = median(runsOn);
      Run mOff = median(runsOff);
      System.out.println();
      System.out.println(
          "| store | senders | one fsync per message: msgs/s | p99 ms | server CPU ms/msg | cores busy | group commit: msgs/s | p99 ms | server CPU ms/msg | cores busy | ratio |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
      System.out.printf(
          Locale.ROOT,
          "| SQLite (WAL, synchronous=FULL) | %d | %.0f | %.1f | %.2f | %.2f | %.0f | %.1f | %.2f | %.2f | %.1fx |%n",
          SENDERS,
          mOff.perSecond(),
          mOff.p(0.99),
          mOff.cpuMsPerMessage(),
          mOff.cores(),
          mOn.perSecond(),
          mOn.p(0.99),
          mOn.cpuMsPerMessage(),
          mOn.cores(),
          mOn.perSecond() / mOff.perSecond());
      System.out.printf(
          Locale.ROOT,
          "the load process's CPU (HTTP client) a message: %.2f ms (group commit), %.2f ms (one fsync each)%n",
          mOn.loadCpuMsPerMessage(),
          mOff.loadCpuMsPerMessage());
      if (nosync != null) {
        Run m = median(runsNosync);
        System.out.printf(
            Locale.ROOT,
            "ceiling, group commit on tmpfs (no fsync cost): %.0f msgs/s, p99 %.1f ms, server CPU %.2f ms/msg, %.2f cores busy: %.1fx of one fsync per message%n",
            m.perSecond(),
            m.p(0.99),
            m.cpuMsPerMessage(),
            m.cores(),
            m.perSecond() / mOff.perSecond());
      }
    }
  }

  /** Every sender posts its envelopes one after the other, all senders at once; 201 each. */
  static Run posts(ServerProcess server, List<Person> senders, List<List<Envelope>> envs)
      throws Exception {
    List<List<HttpRequest>> reqs = new ArrayList<>();
    for (int i = 0; i < senders.size(); i++) {
      Person p = senders.get(i);
      reqs.add(
          envs.get(i).stream()
              .map(e -> signedPost(server.uri(), p, "/v1/messages/" + p.handle, e.canonicalBytes()))
              .toList());
    }
    long[] nanos = new long[senders.size() * EACH];
    double cpu0 = ServerProcess.cpuSeconds(server.pid());
    double load0 = ServerProcess.cpuSeconds(SELF);
    double seconds =
        together(
            senders.size(),
            i -> {
              for (int k = 0; k < EACH; k++) {
                long t0 = System.nanoTime();
                expect(201, send(reqs.get(i).get(k)));
                nanos[i * EACH + k] = System.nanoTime() - t0;
              }
            });
    return new Run(
        nanos.length,
        seconds,
        nanos,
        ServerProcess.cpuSeconds(server.pid()) - cpu0,
        ServerProcess.cpuSeconds(SELF) - load0);
  }

  // ---- delivery and memory -----------------------------------------------------------------

  static void delivery() throws Exception {
    List<Person> receivers = people("reader", CLIENTS);
    List<Person> senders = people("writer", INFLIGHT);
    WebSocketClient ws = new WebSocketClient();
    ws.getHttpClient().setMaxConnectionsPerDestination(4 * CLIENTS);
    ws.setIdleTimeout(Duration.ofMinutes(5));
    ws.start();
    String ceiling = System.getProperty("bench.ceiling"); // the chat database there (tmpfs)
    if (ceiling != null) System.out.println("the chat database is under " + ceiling);
    try (ServerProcess chat =
            ceiling == null ? chat("live") : chat("live", Path.of(ceiling), new String[0]);
        ServerProcess echo =
            ServerProcess.start(EchoServer.class.getName(), List.of("-Xmx512m"), "-")) {
      register(chat.uri(), receivers);
      register(chat.uri(), senders);
      Memory chat0 = Memory.of(chat.pid());
      Memory echo0 = Memory.of(echo.pid());
      Map<String, CompletableFuture<Long>> receipts = new ConcurrentHashMap<>();
      List<Rx> chatRx = connect(ws, chat.uri(), receivers, receipts);
      List<Rx> echoRx = connect(ws, echo.uri(), null, receipts);
      Thread.sleep(2000);
      Memory chat1 = Memory.of(chat.pid());
      Memory echo1 = Memory.of(echo.pid());
      List<Run> chatRuns = new ArrayList<>();
      List<Run> echoRuns = new ArrayList<>();
      for (int round = 0; round <= ROUNDS; round++) { // round 0 warms both up, unreported
        int per = DELIVERIES / INFLIGHT;
        List<List<Envelope>> envs = new ArrayList<>();
        for (int w = 0; w < INFLIGHT; w++) {
          List<Envelope> mine = new ArrayList<>();
          for (int k = 0; k < per; k++)
            mine.add(senders.get(w).seal(receivers.get(target(w, k)), "m" + k, now()));
          envs.add(mine);
        }
        Run c = chatDeliveries(ws.getHttpClient(), chat, senders, envs, receipts);
        Run e = echoes(echo, echoRx, envs, receipts);
        if (round > 0) {
          chatRuns.add(c);
          echoRuns.add(e);
        }
        System.out.printf(
            Locale.ROOT,
            "round %d: chat %.0f/s p99 %.1f ms, echo %.0f/s p99 %.1f ms%n",
            round,
            c.perSecond(),
            c.p(0.99),
            e.perSecond(),
            e.p(0.99));
      }
      Run c = median(chatRuns);
      Run e = median(echoRuns);
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "%d WebSocket clients, %d messages in flight, %d per round, median of %d rounds%n",
          CLIENTS,
          INFLIGHT,
          c.n(),
          ROUNDS);
      System.out.println("| | msgs/s | p50 ms | p99 ms | server CPU ms/msg | cores busy |");
      System.out.println("|---|---:|---:|---:|---:|---:|");
      System.out.printf(
          Locale.ROOT,
          "| raw Jetty WebSocket echo | %.0f | %.2f | %.2f | %.3f | %.2f |%n",
          e.perSecond(),
          e.p(0.5),
          e.p(0.99),
          e.cpuMsPerMessage(),
          e.cores());
      System.out.printf(
          Locale.ROOT,
          "| kez-chat POST → entry frame | %.0f | %.2f | %.2f | %.3f | %.2f |%n",
          c.perSecond(),
          c.p(0.5),
          c.p(0.99),
          c.cpuMsPerMessage(),
          c.cores());
      System.out.printf(
          Locale.ROOT,
          "ratio (chat / echo): %.2fx; the load process's CPU a message: chat %.2f ms, echo %.2f ms%n%n",
          c.perSecond() / e.perSecond(),
          c.loadCpuMsPerMessage(),
          e.loadCpuMsPerMessage());
      System.out.printf(
          Locale.ROOT, "memory with %d idle connections (heap after a full GC)%n", CLIENTS);
      System.out.println(
          "| server | heap per connection | heap before → with | RSS before → with |");
      System.out.println("|---|---:|---:|---:|");
      for (var row :
          List.of(
              Map.entry("raw Jetty WebSocket echo", new Memory[] {echo0, echo1}),
              Map.entry("kez-chat (authenticated)", new Memory[] {chat0, chat1}))) {
        Memory a = row.getValue()[0];
        Memory b = row.getValue()[1];
        System.out.printf(
            Locale.ROOT,
            "| %s | %.1f KiB | %.1f → %.1f MiB | %.0f → %.0f MiB |%n",
            row.getKey(),
            (b.heapKiB() - a.heapKiB()) / (double) CLIENTS,
            a.heapKiB() / 1024.0,
            b.heapKiB() / 1024.0,
            a.rssKiB() / 1024.0,
            b.rssKiB() / 1024.0);
      }
      long lost = chatRx.stream().filter(r -> !r.session.isOpen()).count();
      if (lost > 0) System.out.println("warning: " + lost + " chat sockets closed during the run");
      ws.stop(); // before the servers go
    } finally {
      if (!ws.isStopped()) ws.stop();
    }
  }

  /** Worker w's k-th message goes to a receiver no other worker is waiting on at that moment. */
  static int target(int w, int k) {
    return (w + k * INFLIGHT) % CLIENTS;
  }

  /** Each worker posts, then waits for the entry frame on the receiver's socket, then the next. */
  static Run chatDeliveries(
      org.eclipse.jetty.client.HttpClient client,
      ServerProcess chat,
      List<Person> senders,
      List<List<Envelope>> envs,
      Map<String, CompletableFuture<Long>> receipts)
      throws Exception {
    // Jetty's HTTP client, the one whose WebSocket client the echo is measured with: the JDK's
    // took three times the CPU a POST, on the same two cores as the server.
    List<List<org.eclipse.jetty.client.Request>> reqs = new ArrayList<>();
    for (int w = 0; w < senders.size(); w++) {
      Person p = senders.get(w);
      String target = "/v1/messages/" + p.handle;
      reqs.add(
          envs.get(w).stream()
              .map(e -> {
                byte[] body = e.canonicalBytes();
                return client
                    .newRequest(chat.uri().resolve(target))
                    .method("POST")
                    .timeout(60, TimeUnit.SECONDS)
                    .headers(h -> h.put(ChatAuth.HEADER, p.auth("POST", target, body, "", now())))
                    .body(new BytesRequestContent("application/json", body));
              })
              .toList());
    }
    return timed(
        chat,
        envs,
        receipts,
        (w, k) -> {
          var r = send(reqs.get(w).get(k));
          if (r.getStatus() != 201)
            throw new IllegalStateException(
                "expected 201, got " + r.getStatus() + ": " + r.getContentAsString());
        });
  }

  /** The same loop against the echo: a frame of the envelope's size out, the same frame back. */
  static Run echoes(
      ServerProcess echo,
      List<Rx> rx,
      List<List<Envelope>> envs,
      Map<String, CompletableFuture<Long>> receipts)
      throws Exception {
    List<List<String>> frames = new ArrayList<>();
    for (List<Envelope> mine : envs)
      frames.add(mine.stream().map(e -> e.id() + " " + Json.write(e.toJson())).toList());
    return timed(
        echo,
        envs,
        receipts,
        (w, k) -> rx.get(target(w, k)).session.sendText(frames.get(w).get(k), Callback.NOOP));
  }

  /** Sends worker w's k-th message. */
  interface Sending {
    void send(int w, int k);
  }

  /**
   * Every worker sends its envelopes one at a time, each timed until its receipt arrives; with the
   * server's and this process's CPU over the run.
   */
  private static Run timed(
      ServerProcess server,
      List<List<Envelope>> envs,
      Map<String, CompletableFuture<Long>> receipts,
      Sending sending)
      throws Exception {
    int per = envs.get(0).size();
    long[] nanos = new long[envs.size() * per];
    double cpu0 = ServerProcess.cpuSeconds(server.pid());
    double load0 = ServerProcess.cpuSeconds(SELF);
    double seconds =
        together(
            envs.size(),
            w -> {
              for (int k = 0; k < per; k++) {
                CompletableFuture<Long> got = new CompletableFuture<>();
                receipts.put(envs.get(w).get(k).id(), got);
                long t0 = System.nanoTime();
                sending.send(w, k);
                nanos[w * per + k] = await(got) - t0;
              }
            });
    return new Run(
        nanos.length,
        seconds,
        nanos,
        ServerProcess.cpuSeconds(server.pid()) - cpu0,
        ServerProcess.cpuSeconds(SELF) - load0);
  }

  private static long await(CompletableFuture<Long> got) {
    try {
      return got.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("no delivery within 30 s", e);
    }
  }

  /**
   * One client socket: for the chat server it answers the challenge as {@code person} and completes
   * the receipt of every entry frame; for the echo, of every frame (its id is the frame's first
   * word).
   */
  public static final class Rx implements Session.Listener.AutoDemanding {
    final Person person; // null: the echo
    final Map<String, CompletableFuture<Long>> receipts;
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    volatile Session session;

    Rx(Person person, Map<String, CompletableFuture<Long>> receipts) {
      this.person = person;
      this.receipts = receipts;
    }

    @Override
    public void onWebSocketOpen(Session s) {
      session = s;
      if (person == null) ready.complete(null);
    }

    @Override
    public void onWebSocketText(String text) {
      long t = System.nanoTime();
      if (person == null) {
        complete(text.substring(0, text.indexOf(' ')), t);
        return;
      }
      if (text.startsWith(
          "{\"type\":\"entry\"")) { // the id without parsing it all, like the echo's
        int i = text.indexOf("\"id\":\"") + 6;
        complete(text.substring(i, text.indexOf('"', i)), t);
        return;
      }
      var f = Json.parseObject(text);
      switch (f.path("type").asText()) {
        case "challenge" -> {
          byte[] nonce = Base64Url.decode(f.get("nonce").asText());
          var auth =
              ChatAuth.forWebSocket(person.handle, person.key.publicKey(), nonce, now())
                  .sign(person.key);
          session.sendText(new WsFrame.Auth(auth).text(), Callback.NOOP);
        }
        case "ready" -> ready.complete(null);
        case "entry" -> complete(f.path("entry").path("id").asText(), t);
        default -> {}
      }
    }

    private void complete(String id, long t) {
      CompletableFuture<Long> f = receipts.remove(id);
      if (f != null) f.complete(t);
    }

    @Override
    public void onWebSocketClose(int code, String reason, Callback done) {
      ready.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
      done.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      ready.completeExceptionally(cause); // a lost socket shows as a missing receipt
    }
  }

  /** Opens one socket per person (the echo: {@link #CLIENTS} sockets), 100 at a time. */
  static List<Rx> connect(
      WebSocketClient ws,
      URI http,
      List<Person> people,
      Map<String, CompletableFuture<Long>> receipts)
      throws Exception {
    List<Rx> out = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i += 100) {
      List<Rx> batch = new ArrayList<>();
      for (int j = i; j < Math.min(CLIENTS, i + 100); j++) {
        Rx rx = new Rx(people == null ? null : people.get(j), receipts);
        String path = people == null ? "/echo" : "/v1/ws/" + people.get(j).handle;
        ws.connect(rx, URI.create("ws://" + http.getAuthority() + path));
        batch.add(rx);
      }
      for (Rx rx : batch) rx.ready.get(30, TimeUnit.SECONDS);
      out.addAll(batch);
    }
    return out;
  }

  // ---- memory and CPU of a server process --------------------------------------------------

  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  /** A process's live heap (after a full GC, through jcmd) and resident set. */
  record Memory(long heapKiB, long rssKiB) {
    static Memory of(long pid) throws Exception {
      jcmd(pid, "GC.run");
      Matcher m = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
      if (!m.find()) throw new IllegalStateException("jcmd GC.heap_info printed no heap use");
      long rss = 0;
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
        if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("\\D", ""));
      return new Memory(Long.parseLong(m.group(1)), rss);
    }
  }

  private static String jcmd(long pid, String command) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid),
                command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IllegalStateException("jcmd " + command + ": " + out);
    return out;
  }

  /** This process: the load generator, whose CPU a message is printed too. */
  static final long SELF = ProcessHandle.current().pid();

  // ---- helpers ---------------------------------------------------------------------------

  static String loadAverage() throws IOException {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return f[0] + " " + f[1] + " " + f[2];
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  static List<Person> people(String prefix, int n) {
    List<Person> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(new Person(prefix + i));
    return out;
  }

  /** Registers every person's handle, 16 at a time. */
  static void register(URI base, List<Person> people) throws Exception {
    int threads = 16;
    together(
        threads,
        t -> {
          for (int i = t; i < people.size(); i += threads) {
            Person p = people.get(i);
            expect(
                201,
                send(
                    signedPost(
                        base,
                        p,
                        "/v1/handles/" + p.handle,
                        new Registration(p.key.publicKey()).body())));
          }
        });
  }

  static HttpRequest signedPost(URI base, Person p, String target, byte[] body) {
    return HttpRequest.newBuilder(base.resolve(target))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header(ChatAuth.HEADER, p.auth("POST", target, body, "", now()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  static HttpResponse<String> send(HttpRequest r) {
    try {
      return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static org.eclipse.jetty.client.ContentResponse send(org.eclipse.jetty.client.Request r) {
    try {
      return r.send();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void expect(int status, HttpResponse<String> r) {
    if (r.statusCode() != status)
      throw new IllegalStateException(
          "expected " + status + ", got " + r.statusCode() + ": " + r.body());
  }

  /** Runs {@code n} tasks on virtual threads from one start signal; the seconds until all ended. */
  static double together(int n, IntConsumer task) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      threads.add(
          Thread.ofVirtual()
              .start(() -> {
                try {
                  go.await();
                  task.accept(id);
                } catch (Throwable e) {
                  failures.add(e);
                }
              }));
    }
    long t0 = System.nanoTime();
    go.countDown();
    for (Thread t : threads) t.join();
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (!failures.isEmpty()) throw new IllegalStateException(failures.get(0));
    return seconds;
  }

  static double percentile(long[] nanos, double q) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.ceil(q * s.length) - 1)] / 1e6;
  }

  static Run median(List<Run> runs) {
    List<Run> s = new ArrayList<>(runs);
    s.sort((a, b) -> Double.compare(a.perSecond(), b.perSecond()));
    return s.get(s.size() / 2);
  }
}
