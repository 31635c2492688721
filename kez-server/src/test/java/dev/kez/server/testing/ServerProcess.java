package dev.kez.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A KEZ server (its main class) in its own JVM (this test run's classpath), for the tests that need
 * real separate processes: two nodes, or a kill -9. The port comes from the server's {@code
 * {"listening":PORT}} line on stdout.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("\\{\"listening\":(\\d+)}");

  private final Process process;
  private final int port;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** A server for tests: a small heap and the quick-starting JIT. */
  public static ServerProcess start(String mainClass, String db, String... extraArgs)
      throws IOException {
    return start(mainClass, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), db, extraArgs);
  }

  public static ServerProcess start(
      String mainClass, List<String> jvmOptions, String db, String... extraArgs)
      throws IOException {
    return start(System.getProperty("java.class.path"), mainClass, jvmOptions, db, extraArgs);
  }

  /** As above, from another build's classpath (a bench comparing against another branch). */
  public static ServerProcess start(
      String classpath, String mainClass, List<String> jvmOptions, String db, String... extraArgs)
      throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd =
        new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED"));
    cmd.addAll(jvmOptions);
    cmd.addAll(
        List.of(
            "-cp",
            classpath,
            mainClass,
            "--port",
            "0",
            "--bind",
            "127.0.0.1",
            "--db",
            db,
            "--rate",
            "0",
            "--access-log",
            "off"));
    cmd.addAll(List.of(extraArgs));
    Process p = new ProcessBuilder(cmd).start();
    // The server's stderr into this test's (the surefire report keeps it), not the build's console.
    Thread.ofPlatform()
        .daemon()
        .start(() -> {
          try {
            p.getErrorStream().transferTo(System.err);
          } catch (IOException ignored) {
            // the process died: nothing left to copy
          }
        });
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Integer> port =
        CompletableFuture.supplyAsync(() -> {
          try {
            for (String line; (line = out.readLine()) != null; ) {
              Matcher m = LISTENING.matcher(line);
              if (m.find()) return Integer.parseInt(m.group(1));
            }
            return -1;
          } catch (IOException e) {
            return -1;
          }
        });
    try {
      int n = port.get(60, TimeUnit.SECONDS);
      if (n <= 0)
        throw new IOException(
            "the server process exited with " + p.waitFor() + " before listening");
      // Keep draining stdout so the server never blocks on a full pipe.
      Thread.ofPlatform()
          .daemon()
          .start(() -> {
            try {
              while (out.readLine() != null) {}
            } catch (IOException ignored) {
              // the process died: nothing left to drain
            }
          });
      return new ServerProcess(p, n);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IOException("could not start a server process: " + e.getMessage(), e);
    }
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The server's process id (for a bench that reads its memory or CPU time). */
  public long pid() {
    return process.pid();
  }

  /** The server's user + system CPU seconds so far. */
  public double cpuSeconds() throws IOException {
    return cpuSeconds(process.pid());
  }

  /** A process's user + system CPU seconds so far (/proc/PID/stat, clock ticks of 10 ms). */
  public static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  /** SIGKILL: no shutdown hook, no flush, nothing. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the server (a kill -9 after 15 s); an interrupted test kills it at once. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) kill9();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
