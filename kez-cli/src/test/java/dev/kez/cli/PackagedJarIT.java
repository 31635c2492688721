package dev.kez.cli;

import static dev.kez.channels.http.TestServer.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.http.TestServer;
import dev.kez.core.json.Json;
import dev.kez.core.testing.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code kez.jar} as a person runs it, in its own JVM: what in-process tests cannot see
 * (manifest, merged service files, multi-release classes, native libraries). Runs after {@code
 * package}, through failsafe.
 */
class PackagedJarIT {
  @TempDir Path home;

  record Run(int code, String out, String err) {}

  Run kez(String... args) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of("--home", home.toString()));
    line.addAll(List.of(args));
    return run(line);
  }

  Run run(List<String> args) throws IOException, InterruptedException {
    return run(List.of(), args);
  }

  Run run(List<String> jvm, List<String> args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
    cmd.addAll(jvm);
    cmd.addAll(List.of("-jar", Path.of("target", "kez.jar").toString()));
    cmd.addAll(args);
    Process p =
        new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    byte[] out = p.getInputStream().readAllBytes(), err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kez did not finish");
    return new Run(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  /**
   * The commands Direct runs without picocli (and ends with halt) print and exit as picocli's run
   * of the same line does (--home after the command word leaves it to picocli).
   */
  @Test
  void directCommandsAsPicocli() throws Exception {
    String bad = Files.writeString(home.resolve("bad.json"), "{\"kez\":\"0.2\"}").toString();
    String chain = Vectors.path("chain-valid.jsonl").toString();
    String claim =
        Files.writeString(
                home.resolve("claim.json"),
                Vectors.json("claims.json")
                    .get("valid")
                    .get(0)
                    .get("encodings")
                    .get("json")
                    .asText())
            .toString();
    for (List<String> line :
        List.of(
            List.of("verify", "claim", claim),
            List.of("verify", "claim", bad, "--json"),
            List.of("decode", claim),
            List.of("decode", home.resolve("missing.json").toString()),
            List.of("sigchain", "verify", chain, "--json"))) {
      List<String> picocli = new ArrayList<>(line);
      picocli.addAll(line.get(0).equals("decode") ? 1 : 2, List.of("--home", home.toString()));
      Run direct = run(line);
      assertEquals(run(picocli), direct, String.join(" ", line));
      assertTrue(!direct.out().isEmpty() || !direct.err().isEmpty(), String.join(" ", line));
    }
  }

  /**
   * kez's own help from the text the build put in the jar (Help) is picocli's: a picocli.* property
   * (the same width) leaves the line to picocli.
   */
  @Test
  void rootHelpAsPicocli() throws Exception {
    for (List<String> line : List.<List<String>>of(List.of(), List.of("--help"), List.of("help"))) {
      Run fast = run(line);
      assertEquals(run(List.of("-Dpicocli.usage.width=80"), line), fast, String.join(" ", line));
      assertTrue((line.isEmpty() ? fast.err() : fast.out()).startsWith("KEZ: "), fast.toString());
    }
  }

  @Test
  void aPersonsFirstIdentityEndToEnd() throws Exception {
    assertEquals(0, kez("identity", "new").code());
    Run claim = kez("claim", "github:alice");
    assertEquals(0, claim.code(), claim.err());
    Path proof = home.resolve("kez.md");
    Files.writeString(proof, claim.out());
    Run offline = kez("verify", "claim", proof.toString(), "--account", "github:alice", "--json");
    assertEquals(0, offline.code(), offline.err());
    assertEquals("valid", Json.parseObject(offline.out()).get("status").asText());

    try (TestServer github = TestServer.start()) {
      // by name, not 127.0.0.1: a host name goes through the JVM's resolver, as real ones do
      String base = github.base().replace("127.0.0.1", "localhost");
      github.json(
          "/users/alice/gists?per_page=100",
          fixture(
              "github/gists.json",
              Map.of("base", base, "owner", "alice", "file", "kez.md", "public", "true")));
      github.route(
          "/raw/alice/aa5a315d61ae9438b18d/raw/kez.md",
          200,
          "text/plain; charset=utf-8",
          claim.out());
      Run online =
          kez(
              "verify",
              "id",
              "github:alice",
              "--endpoint",
              "GITHUB_API=" + base,
              "--allow-private",
              "--json");
      assertEquals(0, online.code(), online.out() + online.err());
      assertEquals("valid", Json.parseObject(online.out()).get("status").asText());
      assertTrue(online.err().lines().noneMatch(l -> l.startsWith("SLF4J")), online.err());
    }
  }
}
