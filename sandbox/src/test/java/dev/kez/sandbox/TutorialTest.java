package dev.kez.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TUTORIAL.md as written: every {@code ```sh} block of it, in order, in one bash, against a started
 * sandbox (the sandbox's KEZ_HOME), with {@code ./kez} and {@code ./kez-sandbox} being this build's
 * classes. A block preceded by {@code <!-- tutorial-test: skip -->} is illustrative and not run.
 * Each command must exit 0 unless the comment lines right below it end with {@code (exit N)}; the
 * text of those comment lines is output the command must print ({@code …} stands for anything).
 */
class TutorialTest {
  static final Path TUTORIAL = Path.of("../TUTORIAL.md");
  static final String SKIP = "<!-- tutorial-test: skip -->";

  /** One command of a block: its text, the exit code and output lines the tutorial shows. */
  record Command(String text, int exit, List<String> output) {}

  @TempDir Path dir;

  @Test
  void everyShellBlockOfTheTutorialRunsAgainstTheSandbox() throws Exception {
    List<Command> commands = commands(Files.readAllLines(TUTORIAL));
    assertTrue(commands.size() > 40, "too few commands found: " + commands.size());
    Path home = dir.resolve("home");
    Path work = Files.createDirectories(dir.resolve("work"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    launcher(work.resolve("kez"), java, cp, "dev.kez.cli.Kez");
    launcher(work.resolve("kez-sandbox"), java, cp, "dev.kez.sandbox.Sandbox");
    // kept after a failure, for a look at what each command printed
    Path results = Path.of("target/tutorial-test").toAbsolutePath();
    if (Files.isDirectory(results))
      try (var old = Files.list(results)) {
        for (Path f : old.toList()) Files.delete(f);
      }
    Files.createDirectories(results);
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < commands.size(); i++) {
      Path r = results.resolve(Integer.toString(i));
      script.append("{\n").append(commands.get(i).text()).append("\n}");
      script.append(" >'" + r + ".out' 2>'" + r + ".err' </dev/null; echo $? >'" + r + ".rc'\n");
    }
    Path sh = Files.writeString(results.resolve("tutorial.sh"), script);
    try (Sandbox sandbox = Sandbox.start(home, "alice")) {
      ProcessBuilder pb =
          new ProcessBuilder("bash", sh.toString())
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(results.resolve("bash.log").toFile());
      pb.environment().put("KEZ_HOME", home.toString());
      Process p = pb.start();
      if (!p.waitFor(600, TimeUnit.SECONDS)) { // a guard against a hung command, not a timing
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        fail("the tutorial took over 600 s; what ran is in " + results);
      }
      for (int i = 0; i < commands.size(); i++) check(commands.get(i), results, i);
    }
    assertFalse(
        Files.exists(home.resolve("config")), "the sandbox removes its config when stopped");
    assertEquals(
        List.of(),
        ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList(),
        "a stopped sandbox leaves no server running");
  }

  private static void launcher(Path file, String java, String cp, String main) throws Exception {
    Files.writeString(
        file,
        "#!/bin/sh\nexec '"
            + java
            + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED"
            + " -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp '"
            + cp
            + "' "
            + main
            + " \"$@\"\n");
    file.toFile().setExecutable(true);
  }

  private static void check(Command c, Path results, int i) throws Exception {
    String rc = read(results.resolve(i + ".rc")).strip();
    String out = read(results.resolve(i + ".out")) + read(results.resolve(i + ".err"));
    String what = "command " + i + ":\n" + c.text() + "\nexit " + rc + ", printed:\n" + out;
    if (rc.isEmpty()) fail("did not run: " + what);
    assertEquals(c.exit(), Integer.parseInt(rc), what);
    for (String line : c.output()) {
      String regex =
          String.join(
              ".*?",
              java.util.Arrays.stream(line.split("…", -1))
                  .map(part ->
                      String.join(
                          "\\s+",
                          java.util.Arrays.stream(part.strip().split("\\s+"))
                              .map(Pattern::quote)
                              .toList()))
                  .toList());
      assertTrue(Pattern.compile(regex).matcher(out).find(), "missing '" + line + "' in " + what);
    }
  }

  private static String read(Path f) throws Exception {
    return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
  }

  private static final Pattern EXIT = Pattern.compile("\\s*\\(exit (\\d+)\\)\\s*$");

  /** The commands of every runnable {@code ```sh} block, in order. */
  static List<Command> commands(List<String> lines) {
    List<Command> out = new ArrayList<>();
    boolean in = false, skip = false;
    String before = "";
    StringBuilder text = null;
    int exit = 0;
    List<String> expected = new ArrayList<>();
    for (String line : lines) {
      if (!in) {
        if (line.strip().equals("```sh")) {
          in = true;
          skip = before.strip().equals(SKIP);
        }
        if (!line.isBlank()) before = line;
        continue;
      }
      if (line.strip().equals("```")) {
        in = false;
        if (text != null) out.add(new Command(text.toString(), exit, expected));
        text = null;
        continue;
      }
      if (skip) continue;
      String t = line.strip();
      if (t.startsWith("#")) {
        if (text == null) continue; // a comment before any command
        String e = t.substring(1).strip();
        Matcher m = EXIT.matcher(e);
        if (m.find()) {
          exit = Integer.parseInt(m.group(1));
          e = e.substring(0, m.start()).strip();
        }
        if (!e.isEmpty()) expected.add(e);
      } else if (!t.isEmpty()) {
        if (text != null && text.toString().endsWith("\\")) {
          text.append('\n').append(line);
          continue;
        }
        if (text != null) out.add(new Command(text.toString(), exit, expected));
        text = new StringBuilder(line);
        exit = 0;
        expected = new ArrayList<>();
      }
    }
    return out;
  }
}
