package dev.kez.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.core.testing.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 11 §3: the publishing instruction names the proof as it was printed, and TUTORIAL.md quotes
 * it.
 */
class PublishInstructionsTest {
  @TempDir Path tmp;
  private Cli cli;

  @BeforeEach
  void identity() {
    cli = new Cli(tmp.resolve("home"));
    cli.ok("identity", "new");
  }

  /**
   * The encoding printed (from --json) and the words of the instruction agree, on every channel.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "github:alice, '', md, Markdown proof",
    "github:alice, json, json, JSON proof",
    "github:alice, compact, compact, compact proof (kez:z1:…)",
    "bluesky:alice.example, '', json, JSON proof",
    "bluesky:alice.example, compact, compact, compact proof (kez:z1:…)",
    "ap:alice@social.example, '', json, JSON proof",
    "ap:alice@social.example, compact, compact, compact proof (kez:z1:…)",
    "dns:alice.example, '', dns, TXT record line above",
  })
  void theInstructionNamesThePrintedProof(
      String account, String format, String printed, String words) {
    String[] args =
        format.isEmpty()
            ? new String[] {"claim", account}
            : new String[] {"claim", account, "--format", format};
    Cli.Result r = cli.ok(args);
    String instruction =
        r.err()
            .lines()
            .filter(l -> !l.startsWith("Then check it") && !l.startsWith("Warning:"))
            .findFirst()
            .orElseThrow();
    assertTrue(instruction.contains(words), r.toString());
    for (String other : new String[] {"Markdown proof", "JSON proof", "compact proof"}) {
      if (!words.startsWith(other.split(" ")[0]))
        assertFalse(instruction.contains(other), other + " in: " + instruction);
    }
    Cli.Result json = cli.ok(concat(args, "--json"));
    assertEquals(printed, json.json().get("encoding").asText(), json.toString());
    assertTrue(json.json().get("publish").asText().startsWith(instruction), json.toString());
  }

  @Test
  void aDnsProofPrintedAsJsonStillGetsItsRecord() {
    Cli.Result r = cli.ok("claim", "dns:alice.example", "--format", "json");
    assertTrue(r.err().contains("A dns: proof is a TXT record, not the JSON proof"), r.toString());
    assertTrue(r.err().contains("_kez.alice.example. 3600 IN TXT \"kez:z1:"), r.toString());
  }

  /** The tutorial's quote of what `./kez claim github:alice` prints on stderr is the real text. */
  @Test
  void theTutorialQuotesTheRealText() throws IOException {
    Path repo = Vectors.dir().getParent().getParent();
    String tutorial = Files.readString(repo.resolve("TUTORIAL.md"), StandardCharsets.UTF_8);
    Cli.Result r = cli.ok("claim", "github:alice");
    for (String line : r.err().strip().split("\n"))
      assertTrue(tutorial.contains(line), "TUTORIAL.md lacks: " + line);
  }

  private static String[] concat(String[] a, String b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }
}
