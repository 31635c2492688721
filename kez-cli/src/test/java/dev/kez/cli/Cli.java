package dev.kez.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code kez} in-process with its own KEZ_HOME, environment, stdin and clock. */
final class Cli {
  /** What one run gave: exit code, standard output, standard error. */
  record Result(int code, String out, String err) {
    ObjectNode json() {
      return Json.parseObject(out);
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  final Path home;
  final Map<String, String> env = new HashMap<>();
  Clock clock = Clock.fixed(Instant.ofEpochSecond(1764150000), ZoneOffset.UTC);

  Cli(Path home) {
    this.home = home;
    env.put("KEZ_HOME", home.toString());
  }

  Result run(String... args) {
    return runWithInput("", args);
  }

  Result runWithInput(String stdin, String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    Kez kez = new Kez(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), null, clock)
        .withScryptLogN(10); // fast tests; the NIP-49 vector still decrypts at its own log_n
    int code = Kez.execute(kez, new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }
}
