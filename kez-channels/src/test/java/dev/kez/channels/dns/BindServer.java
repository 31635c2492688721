package dev.kez.channels.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real authoritative DNS server for the tests: Debian's BIND 9 ({@code named}, package bind9,
 * installed by scripts/setup-test-deps.sh) in the foreground on 127.0.0.1 at a free port, from a
 * temp folder, serving one zone that accepts RFC 2136 updates signed with a fresh TSIG key
 * (hmac-sha256). No control channel, no recursion. Fails loudly when it cannot start.
 */
public final class BindServer implements AutoCloseable {
  public static final String KEY_NAME = "kez-test";

  private final Process process;
  private final int port;
  private final Path dir;
  private final String secret;

  private BindServer(Process process, int port, Path dir, String secret) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.secret = secret;
  }

  /** Starts named with an updatable zone {@code zone} holding only its SOA and NS. */
  public static BindServer start(String zone) throws IOException, InterruptedException {
    Path binary =
        Stream.of("/usr/sbin/named", "/usr/bin/named", "/usr/local/sbin/named")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(() ->
                new IllegalStateException(
                    "BIND 9 (named) not installed: run scripts/setup-test-deps.sh"));
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String secret = Base64.getEncoder().encodeToString(key);
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path dir = Files.createTempDirectory("kez-bind");
      int port = DnsmasqServer.freePort();
      Files.writeString(
          dir.resolve(zone + ".zone"),
          "$TTL 300\n"
              + "@ IN SOA ns."
              + zone
              + ". hostmaster."
              + zone
              + ". 1 3600 600 86400 300\n"
              + "@ IN NS ns."
              + zone
              + ".\n"
              + "ns IN A 127.0.0.1\n");
      Path conf =
          Files.writeString(
              dir.resolve("named.conf"),
              String.join(
                  "\n",
                  "options { directory \""
                      + dir
                      + "\"; listen-on port "
                      + port
                      + " { 127.0.0.1; }; listen-on-v6 { none; };",
                  "  pid-file none; session-keyfile none; recursion no; dnssec-validation no; managed-keys-directory \""
                      + dir
                      + "\"; };",
                  "controls { };",
                  "key \"" + KEY_NAME + "\" { algorithm hmac-sha256; secret \"" + secret + "\"; };",
                  "zone \""
                      + zone
                      + "\" { type primary; file \""
                      + dir.resolve(zone + ".zone")
                      + "\"; allow-update { key \""
                      + KEY_NAME
                      + "\"; }; };",
                  ""));
      Process p =
          new ProcessBuilder(binary.toString(), "-g", "-c", conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("named.log").toFile())
              .start();
      BindServer server = new BindServer(p, port, dir, secret);
      if (server.awaitReady(zone, Duration.ofSeconds(10))) return server;
      last =
          new IOException(
              "named did not start on port "
                  + port
                  + ": "
                  + Files.readString(dir.resolve("named.log")));
      server.close();
    }
    throw last;
  }

  /** {@code 127.0.0.1:port}, the form of {@code --dns-server}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The update key as {@code KEZ_DNS_TSIG} takes it: {@code name:algorithm:base64secret}. */
  public String tsig() {
    return KEY_NAME + ":hmac-sha256:" + secret;
  }

  /**
   * Adds a TXT record to the zone through an RFC 2136 update signed with the key, as the zone's
   * owner would (e.g. a Bluesky handle's {@code _atproto} record).
   */
  public void addTxt(String zone, String name, String text) throws IOException {
    org.xbill.DNS.Update u = new org.xbill.DNS.Update(Name.fromString(zone + "."));
    u.add(new org.xbill.DNS.TXTRecord(Name.fromString(name + "."), DClass.IN, 60, text));
    SimpleResolver r =
        new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    r.setTCP(true);
    r.setTSIGKey(new org.xbill.DNS.TSIG(org.xbill.DNS.TSIG.HMAC_SHA256, KEY_NAME + ".", secret));
    Message m = r.send(u);
    if (m.getRcode() != Rcode.NOERROR)
      throw new IOException(
          "the update of " + name + " was refused: " + Rcode.string(m.getRcode()));
  }

  private boolean awaitReady(String zone, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        SimpleResolver r =
            new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        r.setTimeout(Duration.ofMillis(300));
        Message m =
            r.send(
                Message.newQuery(
                    Record.newRecord(Name.fromString(zone + "."), Type.SOA, DClass.IN)));
        if (m.getRcode() == Rcode.NOERROR) return true;
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    DnsmasqServer.stop(process, dir);
  }
}
