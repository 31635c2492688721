package dev.kez.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 §5 and §10: what the CLI says is true to the letter. */
class SmallTruthsTest {
  @TempDir Path tmp;

  @Test
  void decodePrintsTheMembersInOneOrderWithAndWithoutJson() throws Exception {
    Cli cli = new Cli(tmp.resolve("home"));
    cli.ok("identity", "new");
    Path proof =
        Files.writeString(
            tmp.resolve("p"),
            cli.ok(
                    "claim",
                    "github:alice",
                    "--note",
                    "hi",
                    "--expires-in",
                    "1d",
                    "--format",
                    "compact")
                .out());
    String human = cli.ok("decode", proof.toString()).out();
    List<String> plain = names(Json.parseObject(human.substring(human.indexOf('\n') + 1)));
    List<String> json = names(cli.ok("decode", proof.toString(), "--json").json().get("claim"));
    assertEquals(plain, json);
    assertEquals(
        List.of("kez", "type", "key", "account", "created_at", "expires_at", "note", "sig"), json);
  }

  @Test
  void oneLinkIsOneLink() {
    Cli cli = new Cli(tmp.resolve("home"));
    cli.ok("identity", "new");
    cli.ok("sigchain", "add", "github:alice");
    String show = cli.ok("sigchain", "show").out();
    assertTrue(show.contains("(1 link, primary key"), show);
    assertFalse(show.contains("1 links"), show);
    assertEquals("1 link", Plural.of(1, "link"));
    assertEquals("0 links", Plural.of(0, "link"));
    assertEquals("2 new links", Plural.of(2, "new link"));
  }

  @Test
  void identityNewSaysHowToPutKezOnThePath() {
    Cli cli = new Cli(tmp.resolve("home"));
    String err = cli.ok("identity", "new").err();
    assertTrue(err.contains("./kez install"), err);
  }

  /**
   * {@code ./kez install --prefix DIR} writes DIR/bin/kez, which runs this clone's ./kez (here: its
   * install, which needs no build).
   */
  @Test
  void kezInstallPutsALauncherOnThePath() throws Exception {
    Path repo = dev.kez.core.testing.Vectors.dir().getParent().getParent();
    Path prefix = tmp.resolve("a prefix"), again = tmp.resolve("again");
    assertEquals(
        "Installed "
            + prefix.resolve("bin/kez")
            + ": it runs "
            + repo.resolve("kez").toRealPath()
            + ".",
        sh(repo.resolve("kez").toString(), "install", "--prefix", prefix.toString())
            .lines()
            .findFirst()
            .orElseThrow());
    Path launcher = prefix.resolve("bin/kez");
    assertEquals(
        "rwxr-xr-x",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(launcher)));
    assertTrue(
        sh(launcher.toString(), "install", "--prefix", again.toString())
            .startsWith("Installed " + again.resolve("bin/kez")));
    assertTrue(Files.isExecutable(again.resolve("bin/kez")));
  }

  private static String sh(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "timed out: " + out);
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  private static List<String> names(com.fasterxml.jackson.databind.JsonNode o) {
    List<String> out = new ArrayList<>();
    o.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
