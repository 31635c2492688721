package dev.kez.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.claim.Claim;
import dev.kez.core.json.Jcs;
import dev.kez.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared claim vectors through the command line: import their keys, remake, verify. */
class ClaimVectorsCliTest {
  private static final JsonNode VECTORS = Vectors.json("claims.json");

  /** The vectors say: without a "now", any time before 2027. */
  private static final String NOW = "1790000000";

  @TempDir Path tmp;

  static Stream<JsonNode> valid() {
    List<JsonNode> out = new ArrayList<>();
    VECTORS.get("valid").forEach(out::add);
    return out.stream();
  }

  static Stream<JsonNode> invalid() {
    List<JsonNode> out = new ArrayList<>();
    VECTORS.get("invalid").forEach(out::add);
    return out.stream();
  }

  private static JsonNode keyFor(String publicKey) {
    for (JsonNode k : VECTORS.get("keys"))
      if (k.get("public").textValue().equals(publicKey)) return k;
    throw new AssertionError("no vector key " + publicKey);
  }

  /** Imports the vector's key, remakes its claim with the same members, and checks the result. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void remakesEachValidClaim(JsonNode vector) {
    ObjectNode expected = (ObjectNode) vector.get("claim");
    if (expected.has("x_future"))
      return; // the CLI makes no unknown members; verified below instead
    JsonNode key = keyFor(expected.get("key").textValue());
    Cli cli = new Cli(tmp.resolve("home"));
    List<String> importArgs = new ArrayList<>(List.of("identity", "import"));
    if (key.get("alg").textValue().equals("ed25519"))
      importArgs.addAll(List.of("--alg", "ed25519"));
    importArgs.add(key.get("secret_hex").textValue());
    assertEquals(0, cli.run(importArgs.toArray(String[]::new)).code());

    List<String> args =
        new ArrayList<>(
            List.of(
                "claim",
                expected.get("account").textValue(),
                "--format",
                "json",
                "--created-at",
                expected.get("created_at").asText()));
    if (expected.has("expires_at"))
      args.addAll(List.of("--expires-at", expected.get("expires_at").asText()));
    if (expected.has("note")) args.addAll(List.of("--note", expected.get("note").textValue()));
    Cli.Result made = cli.run(args.toArray(String[]::new));
    assertEquals(0, made.code(), made.toString());
    Claim mine = Claim.parse(made.out());
    Claim theirs = Claim.parse(expected);
    // same signed content: JCS without sig, and so the same digest as the vector
    assertEquals(vector.get("jcs").textValue(), unsignedJcs(mine));
    assertEquals(
        vector.get("digest_hex").textValue(), java.util.HexFormat.of().formatHex(mine.digest()));
    if (key.get("alg").textValue().equals("ed25519")) {
      assertEquals(theirs, mine, "Ed25519 is deterministic: the whole claim is byte-identical");
    }
    Cli.Result verified =
        cli.runWithInput(
            made.out(),
            "verify",
            "claim",
            "-",
            "--account",
            expected.get("account").textValue(),
            "--now",
            NOW,
            "--json");
    assertEquals(0, verified.code(), verified.toString());
    assertEquals("valid", verified.json().get("status").textValue());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void verifiesEachValidVectorInEveryEncoding(JsonNode vector) {
    Cli cli = new Cli(tmp.resolve("empty"));
    JsonNode enc = vector.get("encodings");
    String account = vector.get("claim").get("account").textValue();
    StringBuilder zone = new StringBuilder("_kez.example.com. 3600 IN TXT");
    enc.get("dns_txt").forEach(s -> zone.append(" \"").append(s.textValue()).append('"'));
    Map<String, String> forms =
        Map.of(
            "json",
            enc.get("json").textValue(),
            "compact",
            enc.get("compact").textValue(),
            "md",
            enc.get("markdown").textValue(),
            "dns",
            zone.toString());
    forms.forEach((format, text) -> {
      Cli.Result r =
          cli.runWithInput(
              text, "verify", "claim", "-", "--account", account, "--now", NOW, "--json");
      assertEquals(0, r.code(), vector.get("name").textValue() + " " + format + "\n" + r);
      assertEquals("valid", r.json().get("status").textValue());
      assertEquals(format, r.json().get("encoding").textValue());
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void refusesEachInvalidVector(JsonNode vector) {
    Cli cli = new Cli(tmp.resolve("empty"));
    String now = vector.has("now") ? vector.get("now").asText() : NOW;
    Cli.Result r =
        cli.runWithInput(
            vector.get("input").textValue(), "verify", "claim", "-", "--now", now, "--json");
    String expect = vector.get("expect").textValue();
    assertEquals(expect, r.json().get("status").textValue(), r.toString());
    if (expect.equals("valid")) {
      assertEquals(0, r.code(), r.toString());
    } else {
      // malformed input is bad input (2); a well-formed claim that fails is a failed verification
      // (1)
      assertTrue(r.code() == ExitCode.FAILED || r.code() == ExitCode.USAGE, r.toString());
      assertEquals(r.code() == ExitCode.USAGE, !r.json().has("key"), r.toString());
    }
  }

  private static String unsignedJcs(Claim c) {
    ObjectNode o = c.toJson();
    o.remove("sig");
    return new String(Jcs.canonicalize(o), StandardCharsets.UTF_8);
  }
}
