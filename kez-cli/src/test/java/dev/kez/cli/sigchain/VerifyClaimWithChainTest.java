package dev.kez.cli.sigchain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.cli.Cli;
import dev.kez.core.json.Json;
import dev.kez.core.testing.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kez verify claim --chain}: the shared chain vectors decide what a claim is worth. */
class VerifyClaimWithChainTest {
  static final String VALID = Vectors.path("chain-valid.jsonl").toString();
  static final String FORK = Vectors.path("chain-fork.jsonl").toString();

  @TempDir Path dir;

  /** The claim carried by the add link at the given line of chain-valid.jsonl. */
  Path claimFromLink(int line) throws Exception {
    String link = Vectors.text("chain-valid.jsonl").lines().toList().get(line - 1);
    Path f = dir.resolve("claim-" + line + ".json");
    Files.writeString(f, Json.write(Json.parseObject(link).get("claim")));
    return f;
  }

  JsonNode verify(SigchainYearTest.Machine m, int expectedExit, String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "verify";
    all[1] = "claim";
    System.arraycopy(args, 0, all, 2, args.length);
    all[args.length + 2] = "--now";
    all[args.length + 3] = "1764200000";
    Cli.Result r = m.run(withJson(all));
    assertEquals(expectedExit, r.code(), r::toString);
    return r.json();
  }

  static String[] withJson(String[] args) {
    String[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = "--json";
    return out;
  }

  @Test
  void accountStillInTheChainIsValid() throws Exception {
    var m = new SigchainYearTest.Machine(dir.resolve("home"));
    assertEquals(
        "valid",
        verify(m, 0, claimFromLink(1).toString(), "--chain", VALID).get("status").asText());
  }

  @Test
  void accountRevokedInTheChainIsRevoked() throws Exception {
    var m = new SigchainYearTest.Machine(dir.resolve("home"));
    Path dnsClaim = claimFromLink(2);
    assertEquals(
        "valid", verify(m, 0, dnsClaim.toString()).get("status").asText(), "valid on its own");
    JsonNode j = verify(m, 1, dnsClaim.toString(), "--chain", VALID);
    assertEquals("revoked", j.get("status").asText(), j.toString());
  }

  @Test
  void keyWithoutAuthorityInTheChainIsInvalid() throws Exception {
    var m = new SigchainYearTest.Machine(dir.resolve("home"));
    // signed by the third key of claims.json, which never appears in the chain
    JsonNode vectors = Vectors.json("claims.json");
    String foreign = vectors.get("keys").get(2).get("public").asText();
    Path f = dir.resolve("foreign.json");
    for (JsonNode v : vectors.get("valid")) {
      if (v.get("claim").get("key").asText().equals(foreign))
        Files.writeString(f, Json.write(v.get("claim")));
    }
    if (!Files.exists(f)) {
      // no vector uses that key: make one with the CLI instead
      m.ok("identity", "import", vectors.get("keys").get(2).get("nsec").asText());
      Files.writeString(f, m.ok("claim", "github:alice", "--format", "json").out());
    }
    JsonNode j = verify(m, 1, f.toString(), "--chain", VALID);
    assertEquals("invalid", j.get("status").asText(), j.toString());
  }

  @Test
  void twoSourcesThatDisagreeAreAFork() throws Exception {
    var m = new SigchainYearTest.Machine(dir.resolve("home"));
    JsonNode j = verify(m, 1, claimFromLink(1).toString(), "--chain", VALID, "--chain", FORK);
    assertEquals("fork", j.get("status").asText(), j.toString());
  }

  @Test
  void aMissingChainFileIsBadInput() throws Exception {
    var m = new SigchainYearTest.Machine(dir.resolve("home"));
    var r =
        m.run(
            "verify",
            "claim",
            claimFromLink(1).toString(),
            "--chain",
            dir.resolve("nope.jsonl").toString());
    assertEquals(2, r.code(), r::toString);
  }
}
