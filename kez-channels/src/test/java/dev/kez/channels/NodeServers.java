package dev.kez.channels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real servers the tests run on node (the nostr relay, the ActivityPub server): each lives in a
 * folder of {@code kez-channels/src/test} with its npm lockfile, prints {@code listening <port>}
 * once ready, and exits when its standard input closes.
 */
public final class NodeServers {
  /** A started server: its process and port. */
  public record Started(Process process, int port) {}

  private NodeServers() {}

  /**
   * The folder {@code src/test/<name>}, from kez-channels, a sibling module whose tests use it, or
   * the root (kez-bench.sh).
   */
  public static Path dir(String name) {
    return Stream.of(
            "src/test/" + name, "../kez-channels/src/test/" + name, "kez-channels/src/test/" + name)
        .map(Path::of)
        .filter(Files::isDirectory)
        .findFirst()
        .orElse(Path.of("src/test/" + name))
        .toAbsolutePath();
  }

  /**
   * Runs {@code command} in {@code dir} and waits up to 30 s for its port; {@code what} names it in
   * errors.
   */
  public static Started start(Path dir, List<String> command, String what) throws IOException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    try {
      line =
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return out.readLine();
                    } catch (IOException e) {
                      return null;
                    }
                  })
              .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      line = null;
    }
    if (line == null || !line.startsWith("listening ")) {
      p.destroyForcibly();
      throw new IOException(what + " did not start: " + line);
    }
    // Keep draining its output so it never blocks on a full pipe. A platform thread: a blocking
    // pipe read pins a virtual thread's carrier, and two of them starve every virtual thread of
    // a 2-core machine (the HTTP doubles' handlers among them).
    Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> {}));
    return new Started(p, Integer.parseInt(line.substring("listening ".length()).trim()));
  }

  /** Closes its standard input (it exits), then kills it if it has not within 5 s. */
  public static void stop(Process process) {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(5, TimeUnit.SECONDS))
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
