package dev.kez.server.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real, throwaway PostgreSQL server: Debian's binaries (scripts/setup-test-deps.sh installs the
 * {@code postgresql} package), a fresh cluster made by {@code initdb} in a temp folder, listening
 * on a free loopback port, stopped and deleted when the JVM exits. PostgreSQL refuses to run as
 * root, so as root it runs as the package's {@code postgres} user. If it cannot start, the caller's
 * test fails: never a mock, never a silent skip.
 */
public final class PgCluster implements AutoCloseable {
  private static PgCluster shared;

  private final Path bin;
  private final Path dir;
  private final int port;
  private final List<String> asUser;
  private final AtomicInteger databases = new AtomicInteger();

  private PgCluster(Path bin, Path dir, int port, List<String> asUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asUser = asUser;
  }

  /**
   * The cluster shared by this JVM's tests (fsync off: it only has to survive our server's
   * crashes).
   */
  public static synchronized PgCluster shared() {
    if (shared == null) {
      shared = start(false);
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "pg-stop"));
    }
    return shared;
  }

  /** Starts a new cluster; {@code durable} keeps PostgreSQL's default fsync (for measurements). */
  public static PgCluster start(boolean durable) {
    Path bin = findBin();
    boolean root = "root".equals(System.getProperty("user.name"));
    List<String> asUser = root ? List.of("runuser", "-u", "postgres", "--") : List.of();
    try {
      Path dir = Files.createTempDirectory("kez-pg-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      if (root) {
        Files.setOwner(
            dir,
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
      }
      Path data = dir.resolve("data");
      run(
          asUser,
          List.of(
              bin.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              "kez",
              "-A",
              "trust",
              "-E",
              "UTF8",
              "--no-locale",
              "--no-sync"),
          dir.resolve("initdb.log"),
          120);
      IOException last = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        int port = freePort();
        String opts =
            "-p "
                + port
                + " -c listen_addresses=127.0.0.1 -k "
                + dir
                + " -c max_connections=200"
                + (durable ? "" : " -c fsync=off -c full_page_writes=off");
        try {
          run(
              asUser,
              List.of(
                  bin.resolve("pg_ctl").toString(),
                  "-D",
                  data.toString(),
                  "-l",
                  dir.resolve("server.log").toString(),
                  "-w",
                  "-t",
                  "60",
                  "-o",
                  opts,
                  "start"),
              dir.resolve("pg_ctl.log"),
              90);
          PgCluster pg = new PgCluster(bin, dir, port, asUser);
          pg.admin("SELECT 1");
          return pg;
        } catch (IOException e) {
          last = e; // most likely the port was taken meanwhile: try another
        }
      }
      throw last;
    } catch (IOException | SQLException e) {
      throw new IllegalStateException(
          "could not start a test PostgreSQL ("
              + e.getMessage()
              + "); run scripts/setup-test-deps.sh to install Debian's postgresql",
          e);
    }
  }

  private static Path findBin() {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        Path best =
            versions
                .filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
                .max(Comparator.comparingInt(p -> parseIntOr(p.getFileName().toString(), 0)))
                .orElse(null);
        if (best != null) return best.resolve("bin");
      } catch (IOException e) {
        // fall through to PATH
      }
    }
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty()
          && Files.isExecutable(Path.of(d, "initdb"))
          && Files.isExecutable(Path.of(d, "pg_ctl"))) return Path.of(d);
    }
    throw new IllegalStateException(
        "PostgreSQL's initdb/pg_ctl not found (looked in /usr/lib/postgresql/*/bin and PATH);"
            + " run scripts/setup-test-deps.sh, which installs Debian's postgresql package");
  }

  private static int parseIntOr(String s, int fallback) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void run(List<String> prefix, List<String> cmd, Path log, int timeoutSeconds)
      throws IOException {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(cmd);
    Process p =
        new ProcessBuilder(all).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(cmd.get(0) + " timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    if (p.exitValue() != 0) {
      String out = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      throw new IOException(
          Path.of(cmd.get(0)).getFileName()
              + " exited "
              + p.exitValue()
              + ": "
              + out.substring(Math.max(0, out.length() - 600)).replaceAll("\\s+", " "));
    }
  }

  public int port() {
    return port;
  }

  /** A JDBC URL for a new, empty database of this cluster. */
  public String newDatabase() {
    String name = "kez_t" + databases.incrementAndGet() + "_" + ProcessHandle.current().pid();
    try {
      admin("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=kez";
  }

  private void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() {
    try {
      run(
          asUser,
          List.of(
              bin.resolve("pg_ctl").toString(),
              "-D",
              dir.resolve("data").toString(),
              "-m",
              "immediate",
              "-w",
              "-t",
              "30",
              "stop"),
          dir.resolve("pg_ctl-stop.log"),
          40);
    } catch (IOException e) {
      System.err.println("test PostgreSQL did not stop cleanly: " + e.getMessage());
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp folder left behind is harmless
    }
  }
}
