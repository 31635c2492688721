package dev.kez.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.chat.protocol.ChatMessage;
import dev.kez.chat.protocol.DeviceKey;
import dev.kez.chat.protocol.Envelope;
import dev.kez.chat.protocol.Handle;
import dev.kez.chat.protocol.HandleInfo;
import dev.kez.chat.server.testing.ChatHttp;
import dev.kez.chat.server.testing.ChatServers;
import dev.kez.chat.server.testing.Person;
import dev.kez.cli.Cli;
import dev.kez.cli.ExitCode;
import dev.kez.cli.Kez;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.json.Json;
import dev.kez.server.HttpServer;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code kez chat} against a real kez-chat server on loopback (port 0, SQLite in a temp folder):
 * two people register, write, read, follow live, and see what is undecryptable. The CLI runs
 * in-process with the real clock (the server checks ±60 s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliChatSessionTest {
  Path dir;
  HttpServer server;
  String url;

  @BeforeAll
  void start() throws Exception {
    dir = ChatServers.tempDir();
    server = ChatServers.start(dir);
    url = "http://127.0.0.1:" + server.uri().getPort();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  Cli person(String name, Algorithm alg) throws Exception {
    Cli cli = new Cli(Files.createDirectories(dir.resolve("home-" + name)));
    cli.clock = Clock.systemUTC();
    cli.ok("identity", "new", "--alg", alg.wireName());
    return cli;
  }

  @Test
  void twoPeopleRegisterWriteReadAndFollow() throws Exception {
    Cli alice = person("alice", Algorithm.NOSTR);
    Cli bob = person("bob", Algorithm.ED25519);

    // two runs in the same second send the same request: the second must not be refused as a replay
    alice.clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    Cli.Result reg = alice.ok("chat", "register", "Alice", "--server", url);
    assertTrue(reg.out().startsWith("registered @alice on " + url), reg.out());
    assertTrue(
        alice
            .ok("chat", "register", "alice", "--server", url)
            .out()
            .contains("@alice was already yours"));
    alice.clock = Clock.systemUTC();
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(alice.home.resolve(DeviceKey.FILE))));
    bob.ok("chat", "register", "@bob", "--server", url);

    Cli mallory = person("mallory", Algorithm.NOSTR);
    Cli.Result taken = mallory.run("chat", "register", "alice", "--server", url);
    assertEquals(ExitCode.FAILED, taken.code(), taken.toString());
    assertTrue(
        taken.err().contains("@alice is already registered on " + url + " with another key"),
        taken.err());

    Cli.Result sent = alice.ok("chat", "send", "bob", "hi bob ✔");
    assertTrue(sent.out().startsWith("sent to @bob (sealed to 2 devices; seq 1"), sent.out());
    Cli.Result read = bob.ok("chat", "read");
    assertTrue(read.out().matches("(?s)#1 \\S+ @alice → @bob: hi bob ✔\n"), read.out());
    // the sender's own log holds the copy for its own device
    assertTrue(alice.ok("chat", "read").out().contains("@alice → @bob: hi bob ✔"));

    // follow: bob waits for the next two entries while alice writes (once from standard input)
    CompletableFuture<Cli.Result> follow =
        CompletableFuture.supplyAsync(
            () -> bob.run("chat", "read", "--follow", "--after", "1", "--count", "2"),
            r -> {
              Thread t = new Thread(r, "follow");
              t.setDaemon(true);
              t.start();
            });
    Thread.sleep(500); // let it connect; entries posted before are synced anyway
    alice.ok("chat", "send", "bob", "second");
    assertEquals(
        ExitCode.OK, alice.runWithInput("third\nline two\n", "chat", "send", "bob").code());
    Cli.Result live = follow.get(60, TimeUnit.SECONDS);
    assertEquals(ExitCode.OK, live.code(), live.toString());
    List<String> lines = live.out().lines().toList();
    assertEquals(3, lines.size(), live.out());
    assertTrue(lines.get(0).matches("#2 \\S+ @alice → @bob: second"), lines.get(0));
    assertTrue(
        lines.get(1).matches("#3 \\S+ @alice → @bob: third") && lines.get(2).equals("    line two"),
        live.out());

    // the server stored only sealed envelopes
    for (Path p : files(dir)) {
      String content = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
      assertFalse(
          content.contains("hi bob") || content.contains("second"), "plaintext found in " + p);
    }

    Cli.Result json = bob.ok("chat", "read", "--json");
    assertEquals(3, json.out().lines().count());
    assertEquals(
        "message",
        Json.parseObject(json.out().lines().findFirst().orElseThrow()).get("status").textValue());
  }

  /** A follower whose server restarts reconnects, resyncs from its last seq, and misses nothing. */
  @Test
  void followSurvivesAServerRestart() throws Exception {
    Path own = ChatServers.tempDir();
    HttpServer first = ChatServers.start(own);
    int port = first.uri().getPort();
    String at = "http://127.0.0.1:" + port;
    Cli heidi = person("heidi", Algorithm.ED25519);
    Cli ivan = person("ivan", Algorithm.NOSTR);
    heidi.ok("chat", "register", "heidi", "--server", at);
    ivan.ok("chat", "register", "ivan", "--server", at);
    // run the follower on its own streams, to see its first line before the restart
    StringWriter out = new StringWriter(), err = new StringWriter();
    CompletableFuture<Integer> follow =
        CompletableFuture.supplyAsync(
            () ->
                Kez.execute(
                    new Kez(ivan.env, InputStream.nullInputStream(), null, ivan.clock),
                    new PrintWriter(out),
                    new PrintWriter(err),
                    "chat",
                    "read",
                    "--follow",
                    "--count",
                    "2"),
            r -> {
              Thread t = new Thread(r, "follow");
              t.setDaemon(true);
              t.start();
            });
    heidi.ok("chat", "send", "ivan", "before the restart");
    waitFor(() -> out.toString().contains("before the restart"));
    assertTrue(
        out.toString().contains("before the restart"),
        "the follower got the first message live: " + out + err);
    first.close();
    HttpServer second = ChatServers.start(own, "--port", String.valueOf(port));
    try {
      heidi.ok("chat", "send", "ivan", "after the restart");
      assertEquals(ExitCode.OK, follow.get(60, TimeUnit.SECONDS), err.toString());
      List<String> lines = out.toString().lines().toList();
      assertEquals(2, lines.size(), out.toString());
      assertTrue(
          lines.get(0).endsWith("@heidi → @ivan: before the restart")
              && lines.get(1).endsWith("@heidi → @ivan: after the restart"),
          out.toString());
      assertTrue(err.toString().contains("reconnecting"), err.toString());
    } finally {
      second.close();
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) Thread.sleep(50);
  }

  @Test
  void aForgedMessageIsShownAsUndecryptable() throws Exception {
    Cli carol = person("carol", Algorithm.ED25519);
    carol.ok("chat", "register", "carol", "--server", url);
    // eve posts, as herself, a message whose signed inner "from" says dave
    Person eve = new Person("eve");
    ChatHttp http = new ChatHttp(server.uri());
    ChatHttp.expect(201, http.register(eve));
    long now = ChatHttp.now();
    HandleInfo carolInfo = HandleInfo.parse(Json.parse(http.get(null, "/v1/handles/carol").body()));
    ChatMessage forged =
        ChatMessage.text(Handle.parse("dave"), Handle.parse("carol"), "pay dave", now, eve.key);
    ChatHttp.expect(201, http.send(eve, Envelope.seal(forged, carolInfo.usableKeys(now))));

    Cli.Result read = carol.ok("chat", "read");
    assertTrue(
        read.out()
            .matches(
                "(?s)#1 \\S+ @eve → @carol: \\[undecryptable: the message's from, to or id differ from its envelope's\\]\n"),
        read.out());
    assertFalse(read.out().contains("pay dave"));
  }

  @Test
  void aWrongClockIsRefusedWithAHint() throws Exception {
    Cli frank = person("frank", Algorithm.NOSTR);
    frank.ok("chat", "register", "frank", "--server", url);
    frank.clock = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
    Cli.Result r = frank.run("chat", "read");
    assertEquals(ExitCode.FAILED, r.code(), r.toString());
    assertTrue(r.err().contains("HTTP 401") && r.err().contains("clock"), r.err());
    Cli.Result follow = frank.run("chat", "read", "--follow", "--count", "1");
    assertEquals(ExitCode.FAILED, follow.code(), follow.toString());
    assertTrue(follow.err().contains("4401"), follow.err());
  }

  @Test
  void whoisAndUnknownHandles() throws Exception {
    Cli grace = person("grace", Algorithm.ED25519);
    grace.ok("chat", "register", "grace", "--server", url);
    Cli.Result who = grace.ok("chat", "whois", "grace");
    assertTrue(who.out().startsWith("@grace is ed25519:"), who.out());
    Cli.Result nobody = grace.run("chat", "whois", "nobody");
    assertEquals(ExitCode.FAILED, nobody.code());
    assertTrue(nobody.err().contains("@nobody is not registered"), nobody.err());
    Cli.Result send = grace.run("chat", "send", "nobody", "hello?");
    assertEquals(ExitCode.FAILED, send.code());
  }

  private static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("home-")).toList();
    }
  }
}
