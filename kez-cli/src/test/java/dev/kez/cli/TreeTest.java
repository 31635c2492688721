package dev.kez.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The command tree built only as far as the command line needs reads exactly as the whole tree. */
class TreeTest {
  @TempDir static Path home;

  static Stream<String> commandLines() {
    return Stream.of(
        "",
        "--help",
        "-h",
        "-hV",
        "--version",
        "-V",
        "help",
        "help verify",
        "help sigchain",
        "help claim",
        "help help",
        "identity",
        "identity --help",
        "identity new --help",
        "identity show --help",
        "claim --help",
        "--help claim",
        "verify",
        "verify --help",
        "verify -h claim",
        "verify claim --help",
        "verify id --help",
        "verify evidence --help",
        "decode --help",
        "sigchain",
        "sigchain --help",
        "sigchain help verify",
        "sigchain verify --help",
        "sigchain fetch --help",
        "verfy",
        "verify clam x",
        "sigchain verfy",
        "--home /nowhere verfy",
        "--bogus",
        "verify claim",
        "verify claim --bogus x",
        "decode",
        "--home",
        "--home=/nowhere identity show",
        "verify --home /nowhere claim missing.json",
        "--version --verbose",
        "verify claim --version",
        "-- verify",
        "identity show",
        "--version --home /x",
        "-V verfy",
        "--version -h",
        "chat --help",
        "help chat",
        "chat send --help",
        "chta",
        "verfy claim x",
        "verfy claim github:alice extra",
        "verfy decode",
        "verfy x",
        "verfy x y",
        "verfy identity show",
        "verfy sigchain verify x",
        "verfy verify claim x",
        "verfy help",
        "verfy x --help",
        "verfy claim -h",
        "verfy @x",
        "chta send x",
        "--home /nowhere verfy claim x");
  }

  private static String run(CommandLine cl, String line) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(line.isEmpty() ? new String[0] : line.split(" "));
    return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }

  private static Kez kez() {
    return new Kez(
        Map.of("KEZ_HOME", home.toString()),
        new ByteArrayInputStream(new byte[0]),
        null,
        Clock.fixed(Instant.ofEpochSecond(1764150000), ZoneOffset.UTC));
  }

  @ParameterizedTest(name = "kez {0}")
  @MethodSource("commandLines")
  void readsAsTheWholeTree(String line) {
    String[] words = line.isEmpty() ? new String[0] : line.split(" ");
    CommandLine whole = Kez.commandLine(kez()); // no words: every command
    assertEquals(run(whole, line), run(Kez.commandLine(kez(), words), line), line);
  }

  @Test
  void buildsOnlyTheCommandAskedFor() {
    CommandLine cl = Kez.commandLine(kez(), "verify", "claim", "x.json");
    assertEquals(List.of("verify"), List.copyOf(cl.getSubcommands().keySet()));
    assertEquals(
        List.of("claim"), List.copyOf(cl.getSubcommands().get("verify").getSubcommands().keySet()));
    CommandLine chain =
        Kez.commandLine(kez(), "--home", "sigchain", "sigchain", "verify", "c.jsonl");
    assertEquals(List.of("sigchain"), List.copyOf(chain.getSubcommands().keySet()));
    assertEquals(
        List.of("verify"),
        List.copyOf(chain.getSubcommands().get("sigchain").getSubcommands().keySet()));
    assertEquals(
        List.of(
            "identity",
            "claim",
            "verify",
            "decode",
            "sigchain",
            "publish",
            "unpublish",
            "login",
            "logout",
            "chat",
            "help"),
        List.copyOf(Kez.commandLine(kez(), "--help").getSubcommands().keySet()));
    assertEquals(
        List.of(), List.copyOf(Kez.commandLine(kez(), "--version").getSubcommands().keySet()));
  }
}
