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

/**
 * The one in-process {@code kez} harness, shipped in kez-cli's test-jar for other modules' tests:
 * its own KEZ_HOME, environment (nothing of the process's leaks in: no GITHUB_TOKEN, NO_COLOR or
 * TERM unless a test puts it here), standard input, no console, and a clock.
 */
public final class Cli {
  /** 2025-11-26T09:40:00Z, the default fixed clock. */
  public static final long T0 = 1764150000;

  /** What one run gave: exit code, standard output, standard error. */
  public record Result(int code, String out, String err) {
    public ObjectNode json() {
      return Json.parseObject(out);
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  public final Path home;
  public final Map<String, String> env = new HashMap<>();
  public Clock clock = Clock.fixed(Instant.ofEpochSecond(T0), ZoneOffset.UTC);

  public Cli(Path home) {
    this.home = home;
    env.put("KEZ_HOME", home.toString());
  }

  /** Sets the clock to a fixed instant; returns this. */
  public Cli at(long epochSecond) {
    clock = Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    return this;
  }

  public Result run(String... args) {
    return runWithInput("", args);
  }

  public Result runWithInput(String stdin, String... args) {
    return runWithInput(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  public Result runWithInput(byte[] stdin, String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    Kez kez =
        new Kez(env, new ByteArrayInputStream(stdin), null, clock)
            .withScryptLogN(10); // fast tests; the NIP-49 vector still decrypts at its own log_n
    int code = Kez.execute(kez, new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Runs and requires exit code 0. */
  public Result ok(String... args) {
    Result r = run(args);
    if (r.code() != ExitCode.OK)
      throw new AssertionError("kez " + String.join(" ", args) + " failed:\n" + r);
    return r;
  }
}
