package dev.kez.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11 §1 and §4: a bad option value is a usage error naming the option, found before any work;
 * a bad file is a sentence about the file, never a Java class name or a parser's location.
 */
class BadInputTest {
  /**
   * What a message must never hold: a Java type, a Java exception's name, Jackson's location text.
   */
  static final Pattern JAVA =
      Pattern.compile(
          "\\b(java|javax|sun|jdk|com\\.fasterxml|org\\.xbill|dev\\.kez)\\.[a-z]|\\b[A-Z]\\w*(Exception|Error)\\b"
              + "|Source: |INCLUDE_SOURCE|line: \\d+, column: \\d+|Input length = ");

  @TempDir Path tmp;
  private Cli cli;

  @BeforeEach
  void home() {
    cli = new Cli(tmp.resolve("home"));
  }

  static Stream<Arguments> badOptionValues() {
    return Stream.of(
        Arguments.of("--dns-server", List.of("--dns-server", "127.0.0.1:99999")),
        Arguments.of("--dns-server", List.of("--dns-server", "nonsense.invalid")),
        Arguments.of("--dns-server", List.of("--dns-server", "127.0.0.1:53/x")),
        Arguments.of("--relay", List.of("--relay", "http://foo")),
        Arguments.of("--relay", List.of("--relay", "wss://")),
        Arguments.of("--endpoint GITHUB_API", List.of("--endpoint", "GITHUB_API=notaurl")),
        Arguments.of("--endpoint DNS_SERVER", List.of("--endpoint", "DNS_SERVER=1.2.3.4:0")),
        Arguments.of("--endpoint", List.of("--endpoint", "NOPE=https://x.example")),
        Arguments.of("--chain-server", List.of("--chain-server", "ftp://sig.example")),
        Arguments.of("--timeout", List.of("--timeout", "5")),
        Arguments.of("--timeout", List.of("--timeout", "1h")));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badOptionValues")
  void aBadOptionValueIsAUsageErrorNamingTheOption(String option, List<String> flag) {
    List<String> args = new ArrayList<>(List.of("verify", "id", "github:alice"));
    args.addAll(flag);
    Cli.Result r = cli.run(args.toArray(String[]::new));
    assertEquals(ExitCode.USAGE, r.code(), r.toString());
    assertTrue(r.err().startsWith("kez: "), r.toString());
    assertTrue(r.err().contains(option), r.toString());
    assertEquals(1, r.err().strip().lines().count(), r.toString());
    assertEquals("", r.out(), "nothing was verified: " + r);
    assertFalse(JAVA.matcher(r.err()).find(), r.toString());
  }

  @Test
  void aKeyNotInItsCanonicalSpellingIsAUsageError() {
    String npub =
        dev.kez.core.crypto.SecretKey.generate(dev.kez.core.crypto.Algorithm.NOSTR)
            .publicKey()
            .encoded();
    for (String bad : List.of("notakey", npub.toUpperCase(java.util.Locale.ROOT))) {
      Cli.Result r = cli.run("sigchain", "fetch", bad, "--server", "http://127.0.0.1:1");
      assertEquals(ExitCode.USAGE, r.code(), r.toString());
      assertTrue(r.err().contains("CHAIN|KEY"), r.toString());
      assertEquals("", r.out(), r.toString());
    }
  }

  @Test
  void anEndpointFromTheEnvironmentOrConfigIsCheckedToo() throws IOException {
    cli.env.put("KEZ_GITHUB_API", "notaurl");
    Cli.Result env = cli.run("verify", "id", "github:alice");
    assertEquals(ExitCode.USAGE, env.code(), env.toString());
    assertTrue(env.err().contains("KEZ_GITHUB_API"), env.toString());
    cli.env.remove("KEZ_GITHUB_API");
    Files.createDirectories(cli.home);
    Files.writeString(cli.home.resolve("config"), "github.api=notaurl\n");
    Cli.Result config = cli.run("verify", "id", "github:alice");
    assertEquals(ExitCode.USAGE, config.code(), config.toString());
    assertTrue(
        config.err().contains("GITHUB_API in " + cli.home.resolve("config")), config.toString());
  }

  /**
   * A network failure is a sentence too: a DNS server port where nothing listens (ICMP port
   * unreachable).
   */
  @Test
  void aDeadDnsServerIsASentence() throws Exception {
    int port;
    try (java.net.DatagramSocket s =
        new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Cli.Result r =
        cli.run(
            "verify",
            "id",
            "dns:alice.example",
            "--dns-server",
            "127.0.0.1:" + port,
            "--timeout",
            "2s",
            "--json");
    assertEquals(ExitCode.UNREACHABLE, r.code(), r.toString());
    assertFalse(JAVA.matcher(r.out() + r.err()).find(), r.toString());
  }

  /** Every command that reads a file, given each kind of bad file. */
  static Stream<Arguments> badFiles() {
    List<String[]> commands =
        List.of(
            new String[] {"decode", "F"},
            new String[] {"verify", "claim", "F"},
            new String[] {"sigchain", "verify", "F"},
            new String[] {"sigchain", "import", "F"},
            new String[] {"sigchain", "device-sign", "F"},
            new String[] {"sigchain", "add-device", "--signed", "F"},
            new String[] {
              "verify",
              "id",
              "github:alice",
              "--chain",
              "F",
              "--endpoint",
              "GITHUB_API=http://127.0.0.1:1",
              "--allow-private",
              "--timeout",
              "1s"
            },
            new String[] {"verify", "evidence", "F"});
    List<String> kinds = List.of("directory", "non-utf8", "empty", "huge", "missing", "garbage");
    List<Arguments> out = new ArrayList<>();
    for (String[] c : commands) for (String k : kinds) out.add(Arguments.of(k, List.of(c)));
    return out.stream();
  }

  @ParameterizedTest(name = "{1} with a {0} file")
  @MethodSource("badFiles")
  void aBadFileIsASentenceAboutTheFile(String kind, List<String> command) throws IOException {
    Path f = badFile(kind);
    String[] args =
        command.stream().map(a -> a.equals("F") ? f.toString() : a).toArray(String[]::new);
    Cli.Result r = cli.run(args);
    assertNotEquals(ExitCode.OK, r.code(), r.toString());
    assertNotEquals(ExitCode.INTERNAL, r.code(), r.toString());
    assertFalse(JAVA.matcher(r.err() + r.out()).find(), r.toString());
  }

  /**
   * The same for files in KEZ_HOME: a garbage config, identity or chain, with the commands that
   * read each.
   */
  @ParameterizedTest(name = "{0} holding {1}")
  @MethodSource("homeFiles")
  void aBadFileInKezHomeIsASentence(String name, String kind) throws IOException {
    cli.ok("identity", "new");
    Files.move(
        badFile(kind), cli.home.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String[][] commands =
        switch (name) {
          case "config" ->
              new String[][] {
                {"sigchain", "publish"},
                {
                  "verify",
                  "id",
                  "github:alice",
                  "--timeout",
                  "1s",
                  "--endpoint",
                  "GITHUB_API=http://127.0.0.1:1",
                  "--allow-private"
                }
              };
          case "identity.json" -> new String[][] {{"identity", "show"}, {"claim", "github:alice"}};
          default ->
              new String[][] {
                {"sigchain", "show"},
                {"sigchain", "publish", "--server", "http://127.0.0.1:1"},
                {
                  "sigchain",
                  "fetch",
                  "npub1wtn87y3stn4n5ptkl6s0t3hdumwjydwfhjlrmthr06pn3v8yn9mqg84s99",
                  "--server",
                  "http://127.0.0.1:1"
                }
              };
        };
    for (String[] args : commands) {
      Cli.Result r = cli.run(args);
      assertNotEquals(ExitCode.INTERNAL, r.code(), String.join(" ", args) + ": " + r);
      assertFalse(JAVA.matcher(r.err() + r.out()).find(), String.join(" ", args) + ": " + r);
    }
  }

  static Stream<Arguments> homeFiles() {
    List<Arguments> out = new ArrayList<>();
    for (String name : List.of("config", "identity.json", "sigchain.jsonl")) {
      for (String kind : List.of("non-utf8", "empty", "garbage", "directory"))
        out.add(Arguments.of(name, kind));
    }
    return out.stream();
  }

  private Path badFile(String kind) throws IOException {
    Path f = tmp.resolve("bad-" + kind);
    switch (kind) {
      case "directory" -> Files.createDirectories(f);
      case "non-utf8" ->
          Files.write(
              f,
              new byte[] {
                'k', 'e', 'z', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n', '{', (byte) 0xFE
              });
      case "empty" -> Files.write(f, new byte[0]);
      case "huge" -> Files.write(f, new byte[(1 << 20) + 10]);
      case "missing" -> {}
      case "garbage" ->
          Files.writeString(f, "{\"kez\": [1, 2,\n\\u12 nonsense = = \u0000 }}}\n{\"a\":\n");
      default -> throw new IllegalArgumentException(kind);
    }
    return f;
  }
}
