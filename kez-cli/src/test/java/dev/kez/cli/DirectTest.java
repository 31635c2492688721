package dev.kez.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.testing.Tries;
import dev.kez.core.testing.Vectors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Direct} (verify claim, decode and sigchain verify without picocli) prints exactly what
 * picocli's run of the same command line prints, with the same exit code: on every claim and chain
 * vector, on the bad files, and on generated command lines, valid and not.
 */
class DirectTest {
  @TempDir static Path dir;
  static final List<String> FILES = new ArrayList<>();

  @BeforeAll
  static void files() throws IOException {
    JsonNode claims = Vectors.json("claims.json");
    int n = 0;
    for (JsonNode v : claims.get("valid"))
      for (var e : v.get("encodings").properties()) {
        StringBuilder text = new StringBuilder();
        if (e.getValue().isArray()) // TXT strings as dig prints them
        e.getValue().forEach(t -> text.append('"').append(t.textValue()).append("\" "));
        else text.append(e.getValue().textValue());
        FILES.add(write("valid" + n++ + "." + e.getKey(), text.toString()));
      }
    for (JsonNode v : claims.get("invalid"))
      FILES.add(write("invalid" + n++ + ".json", v.get("input").textValue()));
    try (var chains = Files.list(Vectors.dir())) {
      chains
          .filter(p -> p.toString().endsWith(".jsonl"))
          .sorted()
          .forEach(p -> FILES.add(p.toString()));
    }
    FILES.add(write("empty.json", ""));
    FILES.add(write("garbage.json", "{\"kez\": nsec1" + "q".repeat(60) + "\n}"));
    FILES.add(Files.write(dir.resolve("latin1.json"), new byte[] {'c', (byte) 0xe9}).toString());
    Files.write(dir.resolve("big.json"), new byte[(1 << 20) + 1]);
    FILES.add(dir.resolve("big.json").toString());
    FILES.add(dir.resolve("missing.json").toString());
    FILES.add(dir.toString()); // a directory
    FILES.add("-");
  }

  private static String write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text).toString();
  }

  /** Both ways; returns whether Direct took the line. */
  private static boolean same(String stdin, Map<String, String> env, String... args) {
    boolean[] direct = new boolean[1];
    String picocli = runWay(false, stdin, env, args, direct);
    String fast = runWay(true, stdin, env, args, direct);
    assertEquals(picocli, fast, String.join(" ", args));
    return direct[0];
  }

  private static String runWay(
      boolean fast, String stdin, Map<String, String> env, String[] args, boolean[] direct) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    Kez kez =
        new Kez(
            env,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            null,
            Clock.fixed(Instant.ofEpochSecond(1764150000), ZoneOffset.UTC));
    PrintWriter o = new PrintWriter(out), e = new PrintWriter(err);
    int code;
    if (fast) {
      OptionalInt d = Direct.run(kez, o, e, args);
      direct[0] = d.isPresent();
      code = d.isPresent() ? d.getAsInt() : Kez.picocli(kez, o, e, args);
    } else code = Kez.picocli(kez, o, e, args);
    o.flush();
    e.flush();
    // KEZ_DEBUG's trace: the same exception, from other frames
    String trace = err.toString().replaceAll("(?m)^\\s+(at |\\.\\.\\. ).*\\R", "");
    return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + trace;
  }

  private static final Map<String, String> ENV = Map.of("KEZ_HOME", "/nonexistent/kez-home");

  /**
   * kez's own help from the text the build rendered (Help) is picocli's, byte for byte: with each
   * way of asking, and as a usage error for {@code kez} alone. Tests run without a terminal, where
   * Help takes the line; a command's description changed since the build would show here.
   */
  @Test
  void rootHelpAsPicocliPrintsIt() {
    assertTrue(Help.plain(), "tests run without a terminal or forced colour");
    for (String[] args :
        List.of(new String[0], new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"}))
      assertTrue(same("", ENV, args), String.join(" ", args));
    for (String[] args :
        List.of(
            new String[] {"--help", "--help"},
            new String[] {"-hV"},
            new String[] {"help", "verify"},
            new String[] {"--home", "x", "--help"}))
      assertFalse(same("", ENV, args), String.join(" ", args));
  }

  @Test
  void everyFileEachCommand() {
    String stdin = "";
    for (String f : FILES) {
      for (String[] args :
          List.of(
              new String[] {"verify", "claim", f},
              new String[] {"verify", "claim", f, "--json"},
              new String[] {"verify", "claim", "--now", "1800000000", f},
              new String[] {"verify", "claim", f, "--account", "github:alice"},
              new String[] {"decode", f},
              new String[] {"decode", "--json", f},
              new String[] {"sigchain", "verify", f},
              new String[] {"sigchain", "verify", f, "--json"})) {
        assertTrue(same(stdin, ENV, args), "Direct runs " + String.join(" ", args));
      }
    }
  }

  @Test
  void standardInputAndDebug() {
    String claim =
        Vectors.json("claims.json").get("valid").get(0).get("encodings").get("json").textValue();
    assertTrue(same(claim, ENV, "verify", "claim", "-"));
    assertTrue(same(claim, ENV, "decode", "-", "--json"));
    assertTrue(same("x" + claim, ENV, "decode", "-", "--json"));
    assertTrue(same("", Map.of("KEZ_DEBUG", "1"), "verify", "claim", "-", "--json"));
    assertTrue(same("", Map.of("KEZ_DEBUG", "1"), "sigchain", "verify", "-"));
  }

  /** Lines Direct must leave to picocli (which prints help, errors or suggestions for them). */
  @Test
  void leavesTheRestToPicocli() {
    String f = FILES.get(0);
    for (String line :
        List.of(
            "verify claim",
            "verify claim --help",
            "verify claim -h " + f,
            "verify claim " + f + " " + f,
            "verify claim --json --json " + f,
            "verify claim --now 1 --now 2 " + f,
            "verify claim --now x " + f,
            "verify claim --now -5 " + f,
            "verify claim --now=5 " + f,
            "verify claim --account nope " + f,
            "verify claim --account github:a --account github:b " + f,
            "verify claim --account",
            "verify claim --home /tmp " + f,
            "verify claim -- " + f,
            "verify claim @" + f,
            "verify claim --bogus " + f,
            "verify claim -V",
            "decode",
            "decode --json",
            "decode " + f + " x",
            "decode --json --json " + f,
            "decode -x",
            "sigchain verify",
            "sigchain verify --json",
            "sigchain verify --json --json " + f,
            "sigchain verify --help",
            "sigchain verify --chain " + f)) {
      assertFalse(same("", ENV, line.split(" ")), line);
    }
  }

  /** Generated lines: words from the commands' vocabulary and the files, in any order. */
  @Test
  void generatedLines() {
    List<String> words =
        List.of(
            "--json",
            "--account",
            "github:alice",
            "dns:example.com",
            "--now",
            "1800000000",
            "--chain",
            "-",
            "-x",
            "--help",
            "claim",
            "verify",
            "help",
            "--",
            "=",
            "");
    Tries.run(
        400,
        random -> {
          List<String> args = new ArrayList<>();
          switch (random.nextInt(3)) {
            case 0 -> args.addAll(List.of("verify", "claim"));
            case 1 -> args.add("decode");
            default -> args.addAll(List.of("sigchain", "verify"));
          }
          int n = random.nextInt(6);
          for (int i = 0; i < n; i++)
            args.add(
                random.nextBoolean()
                    ? FILES.get(random.nextInt(FILES.size()))
                    : words.get(random.nextInt(words.size())));
          same("", ENV, args.toArray(String[]::new));
        });
  }

  @Test
  void directRunsTheHotCommands() {
    StringWriter sink = new StringWriter();
    Kez kez = new Kez(ENV, new ByteArrayInputStream(new byte[0]), null, Clock.systemUTC());
    PrintWriter w = new PrintWriter(sink);
    assertTrue(Direct.run(kez, w, w, "decode", FILES.get(0)).isPresent());
    assertTrue(Direct.run(kez, w, w, "--version").isEmpty());
    assertTrue(Direct.run(kez, w, w, "verfy", "claim", FILES.get(0)).isEmpty());
  }
}
