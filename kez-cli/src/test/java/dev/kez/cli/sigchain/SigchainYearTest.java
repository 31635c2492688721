package dev.kez.cli.sigchain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.cli.Cli;
import dev.kez.core.chain.Bundle;
import dev.kez.core.json.Json;
import dev.kez.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kez sigchain}, end to end in-process: a person's year, and the shared vectors. */
class SigchainYearTest {
  static final long T = 1_764_150_000L;
  static final long DAY = 86_400;

  /** A machine: its own KEZ_HOME, kez run in-process at a fixed time. */
  static final class Machine {
    final Path home;
    final Cli cli;

    Machine(Path home) {
      this.home = home;
      this.cli = new Cli(home).at(T);
    }

    Cli.Result run(String... args) {
      return cli.run(args);
    }

    Cli.Result ok(String... args) {
      return cli.ok(args);
    }

    Path chain() {
      return home.resolve("sigchain.jsonl");
    }
  }

  /** Exports the chain as it is now to a file and verifies it with --json. */
  static JsonNode snapshot(Machine m, Path dir, String name) throws Exception {
    Path f = dir.resolve(name + ".jsonl");
    Files.writeString(f, m.ok("sigchain", "export").out());
    JsonNode j = m.ok("sigchain", "verify", f.toString(), "--json").json();
    assertEquals("valid", j.get("status").asText(), j.toString());
    return j;
  }

  static Map<String, String> accounts(JsonNode j) {
    Map<String, String> m = new HashMap<>();
    j.get("accounts").properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  static List<String> devices(JsonNode j) {
    List<String> out = new ArrayList<>();
    j.get("active_devices").forEach(d -> out.add(d.asText()));
    return out;
  }

  static String at(long t) {
    return Long.toString(t);
  }

  @Test
  void aPersonsYear(@TempDir Path dir) throws Exception {
    Machine laptop = new Machine(dir.resolve("home"));
    String eldest = laptop.ok("identity", "new").out().strip();

    // January: three accounts
    String proof = laptop.ok("sigchain", "add", "github:alice", "--created-at", at(T)).out();
    assertTrue(proof.contains("github:alice"), proof);
    laptop.ok("sigchain", "add", "dns:alice.example", "--created-at", at(T + DAY));
    laptop.ok(
        "sigchain",
        "add",
        "bluesky:alice.bsky.social",
        "--created-at",
        at(T + 2 * DAY),
        "--format",
        "compact");
    JsonNode j = snapshot(laptop, dir, "jan");
    assertEquals(eldest, j.get("chain").asText());
    assertEquals(eldest, j.get("primary_key").asText());
    assertEquals(3, j.get("length").asInt());
    assertEquals(
        Map.of(
            "github:alice",
            "valid",
            "dns:alice.example",
            "valid",
            "bluesky:alice.bsky.social",
            "valid"),
        accounts(j));

    // March: a device (this machine's device key), which adds an account itself
    String device =
        laptop
            .ok("sigchain", "add-device", "--name", "laptop", "--created-at", at(T + 60 * DAY))
            .out()
            .strip();
    assertTrue(Files.exists(laptop.home.resolve("device.json")));
    laptop.ok(
        "sigchain", "add", "ap:alice@social.example", "--device", "--created-at", at(T + 61 * DAY));
    j = snapshot(laptop, dir, "mar");
    assertEquals(List.of(device), devices(j));
    assertEquals("valid", accounts(j).get("ap:alice@social.example"));

    // May: a revoke (revoking what was never added is bad input)
    Cli.Result nobody =
        laptop.run("sigchain", "revoke", "github:nobody", "--created-at", at(T + 120 * DAY));
    assertEquals(2, nobody.code(), nobody.toString());
    assertTrue(nobody.err().contains("never added"), nobody.err());
    laptop.ok("sigchain", "revoke", "dns:alice.example", "--created-at", at(T + 120 * DAY));
    j = snapshot(laptop, dir, "may");
    assertEquals("revoked", accounts(j).get("dns:alice.example"));
    assertEquals(6, j.get("length").asInt());

    // August: a rotation; the old key is archived, earlier adds stay valid
    String next =
        laptop
            .ok("sigchain", "rotate", "--alg", "ed25519", "--created-at", at(T + 210 * DAY))
            .out()
            .strip();
    assertNotEquals(eldest, next);
    assertTrue(next.startsWith("ed25519:"));
    assertEquals(
        next,
        laptop
            .ok("identity", "show")
            .out()
            .lines()
            .filter(l -> l.contains("ed25519:"))
            .findFirst()
            .orElse("")
            .strip()
            .replaceAll(".*(ed25519:\\S+).*", "$1"));
    try (var archived = Files.list(laptop.home.resolve("keys/archive"))) {
      assertTrue(archived.findAny().isPresent(), "the old key is archived");
    }
    j = snapshot(laptop, dir, "aug");
    assertEquals(eldest, j.get("chain").asText());
    assertEquals(next, j.get("primary_key").asText());
    assertEquals("valid", accounts(j).get("github:alice"));

    // November: the device is revoked; it can sign no more, what it added stays
    laptop.ok("sigchain", "revoke-device", device, "--created-at", at(T + 300 * DAY));
    j = snapshot(laptop, dir, "nov");
    assertEquals(List.of(), devices(j));
    assertEquals("valid", accounts(j).get("ap:alice@social.example"));
    Cli.Result refused =
        laptop.run(
            "sigchain", "add", "github:alice2", "--device", "--created-at", at(T + 301 * DAY));
    assertEquals(4, refused.code(), refused.toString());
    assertEquals(
        Map.of(
            "github:alice",
            "valid",
            "dns:alice.example",
            "revoked",
            "bluesky:alice.bsky.social",
            "valid",
            "ap:alice@social.example",
            "valid"),
        accounts(j));
    assertEquals(8, j.get("length").asInt());

    // the history reads back; every earlier export is a copy that is merely behind, not a fork
    String shown = laptop.ok("sigchain", "show").out();
    assertTrue(shown.contains("revoked device " + device) && shown.contains("rotate"), shown);
    List<String> all = new ArrayList<>(List.of("sigchain", "verify", "--json"));
    for (String s : List.of("jan", "mar", "may", "aug", "nov"))
      all.add(dir.resolve(s + ".jsonl").toString());
    assertEquals("valid", laptop.ok(all.toArray(String[]::new)).json().get("status").asText());
    // export is the file, byte for byte
    assertArrayEquals(
        Files.readAllBytes(laptop.chain()),
        laptop.ok("sigchain", "export").out().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void importMergesAndRefusesAFork(@TempDir Path dir) throws Exception {
    Machine a = new Machine(dir.resolve("a"));
    a.ok("identity", "new");
    a.ok("sigchain", "add", "github:alice", "--created-at", at(T));
    Path one = dir.resolve("one.jsonl");
    Files.writeString(one, a.ok("sigchain", "export").out());
    a.ok("sigchain", "add", "dns:alice.example", "--created-at", at(T + 1));
    Path two = dir.resolve("two.jsonl");
    Files.writeString(two, a.ok("sigchain", "export").out());
    // a second copy of the identity (same key) made from the older chain: a fork
    Machine b = new Machine(dir.resolve("b"));
    Files.createDirectories(b.home);
    Files.copy(a.home.resolve("identity.json"), b.home.resolve("identity.json"));
    assertTrue(b.ok("sigchain", "import", one.toString()).out().contains("1 new link"));
    b.ok("sigchain", "add", "github:mallory", "--created-at", at(T + 2));
    byte[] before = Files.readAllBytes(b.chain());
    Cli.Result r = b.run("sigchain", "import", two.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("fork"), r.err());
    assertArrayEquals(before, Files.readAllBytes(b.chain()));
    Path bs = dir.resolve("b.jsonl");
    Files.writeString(bs, b.ok("sigchain", "export").out());
    JsonNode v = b.run("sigchain", "verify", two.toString(), bs.toString(), "--json").json();
    assertEquals("fork", v.get("status").asText());
    // a copy that is behind merges as nothing new
    assertTrue(a.ok("sigchain", "import", one.toString()).out().contains("0 new links"));
  }

  @Test
  void theSharedVectorsThroughTheCli(@TempDir Path dir) throws Exception {
    Machine m = new Machine(dir.resolve("home"));
    JsonNode chains = Vectors.json("chains.json");
    JsonNode expect = chains.get("valid").get("expect");
    String valid = Vectors.path(chains.get("valid").get("file").asText()).toString();
    JsonNode j = m.run("sigchain", "verify", valid, "--json").json();
    assertEquals("valid", j.get("status").asText());
    for (String k : List.of("chain", "head", "primary_key"))
      assertEquals(expect.get(k).asText(), j.get(k).asText(), k);
    assertEquals(expect.get("length").asInt(), j.get("length").asInt());
    assertEquals(expect.get("accounts"), j.get("accounts"));
    assertEquals(expect.get("active_devices"), j.get("active_devices"));
    for (JsonNode c : chains.get("cases")) {
      Path f = Vectors.path(c.get("file").asText());
      Cli.Result r =
          c.get("expect").asText().equals("fork")
              ? m.run("sigchain", "verify", valid, f.toString(), "--json")
              : m.run("sigchain", "verify", f.toString(), "--json");
      assertEquals(1, r.code(), r.toString());
      assertEquals(
          c.get("expect").asText(), r.json().get("status").asText(), c.get("name").asText());
    }
    // import into an empty home, then export: the same bytes
    m.ok("sigchain", "import", valid);
    assertArrayEquals(
        Vectors.bytes("chain-valid.jsonl"),
        m.ok("sigchain", "export").out().getBytes(StandardCharsets.UTF_8));
    assertEquals(8, Bundle.parse(Files.readString(m.chain())).size());
    // bad input: exit 2; a damaged local chain: exit 4
    assertEquals(2, m.run("sigchain", "verify", dir.resolve("missing.jsonl").toString()).code());
    assertEquals(4, m.run("sigchain", "revoke", "github:alice").code()); // no identity in this home
    Files.writeString(m.chain(), "not a chain\n");
    assertEquals(4, m.run("sigchain", "show").code());
    assertFalse(m.run("sigchain", "show").err().contains("Exception"));
  }

  @Test
  void aDeviceElsewhereInThreeSteps(@TempDir Path dir) throws Exception {
    Machine desk = new Machine(dir.resolve("desk"));
    Machine phone = new Machine(dir.resolve("phone"));
    desk.ok("identity", "new");
    desk.ok("sigchain", "add", "github:alice", "--created-at", at(T));
    String phoneKey = phone.ok("sigchain", "device-key").out().strip();
    Path request = dir.resolve("request.json");
    Files.writeString(
        request,
        desk.ok(
                "sigchain",
                "add-device",
                "--key",
                phoneKey,
                "--name",
                "phone",
                "--created-at",
                at(T + 5))
            .out());
    assertEquals(1, Bundle.parse(Files.readString(desk.chain())).size(), "step 1 changes nothing");
    Path signed = dir.resolve("signed.json");
    Files.writeString(signed, phone.ok("sigchain", "device-sign", request.toString()).out());
    assertEquals(
        phoneKey, desk.ok("sigchain", "add-device", "--signed", signed.toString()).out().strip());
    JsonNode j = desk.ok("sigchain", "show", "--json").json();
    assertEquals(phoneKey, j.get("active_devices").get(0).asText());
    assertEquals(2, j.get("links").size());
  }

  @Test
  void aBundleWithSwappedLinesIsRefusedOnEveryPathNamingTheLine(@TempDir Path dir)
      throws Exception {
    // SPEC.md §7: lines are in seq order; merging one file's lines by seq made this valid (issue 10
    // §8)
    Machine m = new Machine(dir.resolve("home"));
    List<String> lines = Vectors.text("chain-valid.jsonl").lines().toList();
    Path swapped = dir.resolve("swapped.jsonl");
    Files.writeString(
        swapped,
        lines.get(0)
            + "\n"
            + lines.get(2)
            + "\n"
            + lines.get(1)
            + "\n"
            + String.join("\n", lines.subList(3, lines.size()))
            + "\n");
    Cli.Result verify = m.run("sigchain", "verify", swapped.toString(), "--json");
    assertEquals(1, verify.code(), verify.toString());
    assertEquals("invalid", verify.json().get("status").asText());
    assertTrue(
        verify.json().toString().contains("bundle line 2: seq 3 follows seq 1"), verify.toString());
    // several sources of one chain still merge: each copy in order, one behind the other
    Path behind = dir.resolve("behind.jsonl");
    Files.writeString(behind, String.join("\n", lines.subList(0, 3)) + "\n");
    assertEquals(
        "valid",
        m.run(
                "sigchain",
                "verify",
                behind.toString(),
                Vectors.path("chain-valid.jsonl").toString(),
                "--json")
            .json()
            .get("status")
            .asText());
    Cli.Result imported = m.run("sigchain", "import", swapped.toString());
    assertNotEquals(0, imported.code(), imported.toString());
    assertTrue(imported.err().contains("bundle line 2"), imported.toString());
    assertFalse(Files.exists(m.chain()), "nothing imported");
    String claim = Json.write(Json.parseObject(lines.get(0)).get("claim"));
    Path claimFile = dir.resolve("claim.json");
    Files.writeString(claimFile, claim);
    Cli.Result withChain =
        m.run(
            "verify",
            "claim",
            claimFile.toString(),
            "--chain",
            swapped.toString(),
            "--now",
            "1764200000",
            "--json");
    assertNotEquals(0, withChain.code(), withChain.toString());
    assertTrue(withChain.toString().contains("bundle line 2"), withChain.toString());
  }
}
