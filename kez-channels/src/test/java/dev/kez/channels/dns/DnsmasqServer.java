package dev.kez.channels.dns;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real DNS server for the tests: Debian's dnsmasq (package dnsmasq-base, installed by
 * scripts/setup-test-deps.sh) on 127.0.0.1 at a free port, answering only from the given
 * configuration lines (no upstream, no hosts file). Fails loudly when it cannot start.
 */
public final class DnsmasqServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;

  private DnsmasqServer(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /**
   * Starts dnsmasq with these configuration lines (e.g. {@code txt-record=…}, {@code
   * local=/test/}).
   */
  public static DnsmasqServer start(List<String> confLines)
      throws IOException, InterruptedException {
    Path binary =
        Stream.of(
                "/usr/sbin/dnsmasq", "/sbin/dnsmasq", "/usr/bin/dnsmasq", "/usr/local/sbin/dnsmasq")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(() ->
                new IllegalStateException("dnsmasq not installed: run scripts/setup-test-deps.sh"));
    Path dir = Files.createTempDirectory("kez-dnsmasq");
    Path conf = Files.write(dir.resolve("dnsmasq.conf"), confLines);
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Process p =
          new ProcessBuilder(
                  binary.toString(),
                  "--no-daemon",
                  "--conf-file=" + conf,
                  "--port=" + port,
                  "--listen-address=127.0.0.1",
                  "--bind-interfaces",
                  "--no-resolv",
                  "--no-hosts",
                  "--no-poll",
                  "--pid-file=",
                  "--log-facility=-",
                  "--cache-size=0")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("dnsmasq.log").toFile())
              .start();
      DnsmasqServer server = new DnsmasqServer(p, port, dir);
      if (server.awaitReady(Duration.ofSeconds(10))) return server;
      server.close();
      last =
          new IOException(
              "dnsmasq did not start on port "
                  + port
                  + ": "
                  + Files.readString(dir.resolve("dnsmasq.log")));
    }
    throw last;
  }

  /** {@code 127.0.0.1:port}, the form of {@code --dns-server}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  private boolean awaitReady(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        SimpleResolver r =
            new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        r.setTimeout(Duration.ofMillis(300));
        r.send(
            Message.newQuery(
                Record.newRecord(Name.fromString("ready.invalid."), Type.TXT, DClass.IN)));
        return true;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    return false;
  }

  /** A port free on 127.0.0.1 for both UDP and TCP at the time of asking. */
  static int freePort() throws IOException {
    while (true) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp =
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
          return udp.getLocalPort(); // the same port, free for UDP too
        } catch (IOException e) {
          // UDP side taken: try another
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    stop(process, dir);
  }

  /** Stops a server process (politely, then by force) and deletes its temp folder. */
  static void stop(Process process, Path dir) throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS))
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
