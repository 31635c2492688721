package dev.kez.channels.ap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real ActivityPub server for the tests: {@code src/test/ap-server/server.js}, an actor
 * served by @fedify/fedify 2.3.6 (WebFinger, actor, outbox) with the Mastodon client routes
 * added, on 127.0.0.1 at a free port, for the handle {@code user@handleHost}. Its modules come
 * from {@code npm ci} (scripts/setup-test-deps.sh). Fails loudly when it cannot start.
 */
public final class FedifyServer implements AutoCloseable {
  static final Path DIR = locate();

  private final Process process;
  private final int port;

  private FedifyServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  private static Path locate() {
    for (Path p : List.of(Path.of("src/test/ap-server"), Path.of("kez-channels/src/test/ap-server"), Path.of("../kez-channels/src/test/ap-server"))) {
      if (Files.isRegularFile(p.resolve("server.js"))) return p.toAbsolutePath();
    }
    return Path.of("kez-channels/src/test/ap-server").toAbsolutePath();
  }

  /** Serves {@code user@handleHost}; each token is {@code TOKEN:scope,scope} (Mastodon scopes: write, write:statuses, …). */
  public static FedifyServer start(String user, String handleHost, String... tokens) throws IOException {
    if (!Files.isDirectory(DIR.resolve("node_modules/@fedify/fedify"))) {
      throw new IllegalStateException("the test ActivityPub server is not installed: run scripts/setup-test-deps.sh");
    }
    List<String> cmd = new ArrayList<>(List.of("node", "server.js", "--exit-with-stdin", "--user", user, "--handle-host", handleHost));
    for (String t : tokens) cmd.addAll(List.of("--token", t));
    Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    try {
      line = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (IOException e) {
          return null;
        }
      }).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      line = null;
    }
    if (line == null || !line.startsWith("listening ")) {
      p.destroyForcibly();
      throw new IOException("the test ActivityPub server did not start: " + line);
    }
    Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
    return new FedifyServer(p, Integer.parseInt(line.substring("listening ".length()).trim()));
  }

  /** {@code http://127.0.0.1:port}, the value of the {@code AP_WEB} endpoint. */
  public String base() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close(); // the server exits when its stdin closes
      if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
