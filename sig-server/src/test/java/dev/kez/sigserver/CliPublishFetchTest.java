package dev.kez.sigserver;

import static dev.kez.server.testing.Http.chain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.cli.Cli;
import dev.kez.core.chain.Link;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.server.HttpServer;
import dev.kez.server.testing.Http;
import dev.kez.sigserver.testing.TestChain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code kez sigchain publish} and {@code fetch} against two real servers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliPublishFetchTest {
  HttpServer a;
  HttpServer b;

  @BeforeAll
  void start() throws Exception {
    a = server();
    b = server();
  }

  @AfterAll
  void stop() {
    a.close();
    b.close();
  }

  static HttpServer server() throws Exception {
    String db = Files.createTempDirectory("kez-sig-cli-").resolve("kez-sig.db").toString();
    return SigServer.start(Config.onLoopback(db, "--rate", "0", "--access-log", "off"), null);
  }

  /** Runs {@code kez ARGS} in-process with KEZ_HOME = home. */
  static Cli.Result kez(Path home, String... args) {
    Cli cli = new Cli(home);
    cli.clock = Clock.systemUTC();
    return cli.run(args);
  }

  static Path homeWith(TestChain c) throws Exception {
    Path home = Files.createTempDirectory("kez-home-");
    if (!c.links().isEmpty())
      Files.writeString(home.resolve("sigchain.jsonl"), c.jsonl(), StandardCharsets.UTF_8);
    return home;
  }

  @Test
  void publishReportsNewAlreadyThereAndFork() throws Exception {
    TestChain c = new TestChain();
    c.add(3);
    Path home = homeWith(c);
    String ua = a.uri().toString();
    String ub = b.uri().toString();

    Cli.Result first = kez(home, "sigchain", "publish", "--server", ua, "--server", ub);
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains(ua + ": 3 new links (3 links)"), first.out());
    assertTrue(first.out().contains(ub + ": 3 new links (3 links)"), first.out());
    assertEquals(c.jsonl(), new Http(a.uri()).get(chain(c.name())).body());

    Cli.Result again = kez(home, "sigchain", "publish", "--server", ua);
    assertEquals(0, again.code());
    assertTrue(again.out().contains(ua + ": already there (3 links)"), again.out());

    // Servers from the config file.
    c.add();
    Files.writeString(home.resolve("sigchain.jsonl"), c.jsonl());
    Files.writeString(home.resolve("config"), "sigserver.urls=" + ua + "," + ub + "\n");
    Cli.Result fromConfig = kez(home, "sigchain", "publish");
    assertEquals(0, fromConfig.code(), fromConfig.err());
    assertTrue(fromConfig.out().contains(ua + ": 1 new link (4 links)"), fromConfig.out());

    // Server b gets another link 5 first: publishing ours is a fork there, and b keeps its own.
    Link theirs = c.nextAdd();
    Link ours = c.nextAdd();
    assertEquals(
        201, new Http(b.uri()).post(chain(c.name()), theirs.canonicalJson() + "\n").statusCode());
    c.accept(ours);
    Files.writeString(home.resolve("sigchain.jsonl"), c.jsonl());
    Cli.Result fork = kez(home, "sigchain", "publish");
    assertEquals(1, fork.code(), fork.out() + fork.err());
    assertTrue(fork.out().contains(ua + ": 1 new link (5 links)"), fork.out());
    assertTrue(fork.out().contains(ub + ": FORK at seq 5"), fork.out());
    assertTrue(
        fork.err().contains(theirs.canonicalJson()) || fork.err().contains("\"seq\":5"),
        fork.err());

    // Fetching from both now finds them disagreeing: refused, nothing written.
    Path fresh = Files.createTempDirectory("kez-home-");
    Cli.Result disagree = kez(fresh, "sigchain", "fetch", c.name(), "--server", ua, "--server", ub);
    assertEquals(1, disagree.code(), disagree.out() + disagree.err());
    assertTrue(disagree.err().contains("fork"), disagree.err());
    assertFalse(Files.exists(fresh.resolve("sigchain.jsonl")));
  }

  @Test
  void fetchByEldestOrDeviceKeyMergesIntoTheLocalCopy() throws Exception {
    TestChain c = new TestChain();
    c.add(2);
    SecretKey device = SecretKey.generate(Algorithm.ED25519);
    c.addDevice(device);
    assertEquals(201, new Http(a.uri()).post(chain(c.name()), c.jsonl()).statusCode());

    Path home = homeWith(new TestChain()); // empty: a new machine
    Cli.Result byDevice =
        kez(
            home,
            "sigchain",
            "fetch",
            device.publicKey().encoded(),
            "--server",
            a.uri().toString());
    assertEquals(0, byDevice.code(), byDevice.out() + byDevice.err());
    assertEquals(c.jsonl(), Files.readString(home.resolve("sigchain.jsonl")));

    // The local copy is ahead of nothing and behind by one: fetch adds just that one.
    c.add();
    assertEquals(201, new Http(a.uri()).post(chain(c.name()), c.jsonl()).statusCode());
    Cli.Result byChain = kez(home, "sigchain", "fetch", c.name(), "--server", a.uri().toString());
    assertEquals(0, byChain.code(), byChain.err());
    assertTrue(byChain.out().contains("1 new link"), byChain.out());
    assertEquals(c.jsonl(), Files.readString(home.resolve("sigchain.jsonl")));

    // Another chain does not go into this one: --out keeps it elsewhere.
    TestChain other = new TestChain();
    other.add();
    assertEquals(201, new Http(a.uri()).post(chain(other.name()), other.jsonl()).statusCode());
    Cli.Result wrong = kez(home, "sigchain", "fetch", other.name(), "--server", a.uri().toString());
    assertEquals(2, wrong.code());
    assertEquals(c.jsonl(), Files.readString(home.resolve("sigchain.jsonl")));
    Path copy = home.resolve("other.jsonl");
    Cli.Result out =
        kez(
            home,
            "sigchain",
            "fetch",
            other.name(),
            "--server",
            a.uri().toString(),
            "--out",
            copy.toString());
    assertEquals(0, out.code(), out.err());
    assertEquals(other.jsonl(), Files.readString(copy));
  }

  @Test
  void errorsHaveTheirExitCodes() throws Exception {
    TestChain c = new TestChain();
    c.add();
    Path home = homeWith(c);
    Cli.Result none = kez(home, "sigchain", "publish");
    assertEquals(2, none.code());
    assertTrue(none.err().contains("no sig server"), none.err());
    Cli.Result bad = kez(home, "sigchain", "publish", "--server", "ftp://x");
    assertEquals(2, bad.code());
    Cli.Result down = kez(home, "sigchain", "publish", "--server", "http://127.0.0.1:9");
    assertEquals(3, down.code(), down.out());
    assertTrue(down.out().contains("unreachable"), down.out());
    Cli.Result notKey = kez(home, "sigchain", "fetch", "alice", "--server", a.uri().toString());
    assertEquals(2, notKey.code());
    Cli.Result unknown =
        kez(
            home,
            "sigchain",
            "fetch",
            SecretKey.generate(Algorithm.NOSTR).publicKey().encoded(),
            "--server",
            a.uri().toString());
    assertEquals(1, unknown.code());
    assertTrue(unknown.out().contains("not found"), unknown.out());
    Cli.Result empty =
        kez(
            Files.createTempDirectory("kez-home-"),
            "sigchain",
            "publish",
            "--server",
            a.uri().toString());
    assertEquals(4, empty.code());
  }
}
