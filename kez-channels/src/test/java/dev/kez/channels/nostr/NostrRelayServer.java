package dev.kez.channels.nostr;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kez.channels.NodeServers;
import dev.kez.core.json.Json;
import dev.kez.core.nostr.NostrEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A nostr relay on 127.0.0.1 for the tests: src/test/relay/relay.js, which runs the npm
 * relay @nostr-relay/core (installed by scripts/setup-test-deps.sh) with an in-memory store.
 * Options make it hostile: events seeded unchecked, filters ignored, or never answering. Fails
 * loudly when it cannot start.
 */
public final class NostrRelayServer implements AutoCloseable {
  private static final Path DIR = NodeServers.dir("relay");
  private final Process process;
  private final int port;
  private final Path seedFile;

  private NostrRelayServer(Process process, int port, Path seedFile) {
    this.process = process;
    this.port = port;
    this.seedFile = seedFile;
  }

  public static NostrRelayServer start() throws IOException {
    return start(List.of(), false, false, 0);
  }

  /**
   * A relay holding these events (stored unchecked) that handles every message after {@code
   * delayMillis} (kez-bench).
   */
  public static NostrRelayServer slow(List<NostrEvent> seed, long delayMillis) throws IOException {
    return start(seed, false, false, delayMillis);
  }

  /** A relay that never answers: connections open, REQs go unanswered. */
  static NostrRelayServer silent() throws IOException {
    return start(List.of(), false, true, 0);
  }

  /**
   * A relay holding these events as given (unchecked), optionally answering every REQ with all of
   * them.
   */
  static NostrRelayServer hostile(List<NostrEvent> seed, boolean ignoreFilters) throws IOException {
    return start(seed, ignoreFilters, false, 0);
  }

  private static NostrRelayServer start(
      List<NostrEvent> seed, boolean ignoreFilters, boolean silent, long delayMillis)
      throws IOException {
    if (!Files.isDirectory(DIR.resolve("node_modules/@nostr-relay/core"))) {
      throw new IllegalStateException(
          "the test relay is not installed: run scripts/setup-test-deps.sh");
    }
    List<String> cmd = new ArrayList<>(List.of("node", "relay.js", "--exit-with-stdin"));
    Path seedFile = null;
    if (!seed.isEmpty()) {
      ArrayNode events = Json.mapper().createArrayNode();
      seed.forEach(e -> events.add(e.toJson()));
      seedFile = Files.createTempFile("kez-relay-seed", ".json");
      Files.writeString(seedFile, Json.write(events));
      cmd.addAll(List.of("--seed", seedFile.toString()));
    }
    if (ignoreFilters) cmd.add("--ignore-filters");
    if (silent) cmd.add("--silent");
    if (delayMillis > 0) cmd.addAll(List.of("--delay", Long.toString(delayMillis)));
    NodeServers.Started started = NodeServers.start(DIR, cmd, "the test relay");
    return new NostrRelayServer(started.process(), started.port(), seedFile);
  }

  public String url() {
    return "ws://127.0.0.1:" + port;
  }

  @Override
  public void close() throws IOException {
    NodeServers.stop(process);
    if (seedFile != null) Files.deleteIfExists(seedFile);
  }
}
