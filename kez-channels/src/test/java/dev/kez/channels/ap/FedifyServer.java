package dev.kez.channels.ap;

import dev.kez.channels.NodeServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real ActivityPub server for the tests: {@code src/test/ap-server/server.js}, an actor served
 * by @fedify/fedify 2.3.6 (WebFinger, actor, outbox) with the Mastodon client routes added, on
 * 127.0.0.1 at a free port, for the handle {@code user@handleHost}. Its modules come from {@code
 * npm ci} (scripts/setup-test-deps.sh). Fails loudly when it cannot start.
 */
public final class FedifyServer implements AutoCloseable {
  static final Path DIR = NodeServers.dir("ap-server");

  private final Process process;
  private final int port;

  private FedifyServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Serves {@code user@handleHost}; each token is {@code TOKEN:scope,scope} (Mastodon scopes:
   * write, write:statuses, …).
   */
  public static FedifyServer start(String user, String handleHost, String... tokens)
      throws IOException {
    if (!Files.isDirectory(DIR.resolve("node_modules/@fedify/fedify"))) {
      throw new IllegalStateException(
          "the test ActivityPub server is not installed: run scripts/setup-test-deps.sh");
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "node",
                "server.js",
                "--exit-with-stdin",
                "--user",
                user,
                "--handle-host",
                handleHost));
    for (String t : tokens) cmd.addAll(List.of("--token", t));
    NodeServers.Started started = NodeServers.start(DIR, cmd, "the test ActivityPub server");
    return new FedifyServer(started.process(), started.port());
  }

  /** {@code http://127.0.0.1:port}, the value of the {@code AP_WEB} endpoint. */
  public String base() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    NodeServers.stop(process);
  }
}
