package dev.kez.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.channels.github.GitHubApiDouble;
import dev.kez.core.chain.ChainStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kez login}, {@code logout}, {@code publish} and {@code unpublish} on github against the
 * GitHub API double (which enforces auth): the round trip publish → valid, publish twice → one
 * proof and one link, unpublish → revoked; refusals change nothing and say which credential to
 * renew; no secret ever in any output.
 */
class PublishCommandTest {
  static final String TOKEN = "ghp_Zq3v8RkL0pX2mN7tY5wB1cD4eF6gH9jK0aZ";

  @TempDir Path dir;
  private Cli cli;
  private final GitHubApiDouble gh =
      GitHubApiDouble.start()
          .token(TOKEN, "alice", "gist")
          .token("ghp_readonly", "alice", "read:user");
  private String[] net;

  @BeforeEach
  void identity() {
    cli = new Cli(dir.resolve("home"));
    assertEquals(0, cli.run("identity", "new").code());
    net =
        new String[] {
          "--endpoint", "GITHUB_API=" + gh.base(), "--allow-private", "--timeout", "5s"
        };
  }

  @AfterEach
  void stop() {
    gh.close();
  }

  private Cli.Result run(String... args) {
    Cli.Result r = cli.run(args);
    for (String s : List.of(r.out(), r.err()))
      assertFalse(s.contains(TOKEN), () -> "the token leaked:\n" + r);
    return r;
  }

  private Cli.Result publish(String... more) {
    return run(concat(concat(new String[] {"publish", "github:alice"}, net), more));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private int links() {
    Path f = cli.home.resolve("sigchain.jsonl");
    return Files.exists(f) ? ChainStore.open(f).links().size() : 0;
  }

  @Test
  void loginStoresTheSecretPrivatelyAndNeverShowsIt() throws Exception {
    Cli.Result login = cli.runWithInput(TOKEN + "\n", "login", "github");
    assertEquals(0, login.code(), login::toString);
    assertFalse(login.out().contains(TOKEN) || login.err().contains(TOKEN));
    Path file = cli.home.resolve("credentials.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(Files.readString(file).contains(TOKEN));
    cli.env.put("KEZ_AP_TOKEN", "ap-secret-token");
    Cli.Result list = run("login", "--list");
    assertEquals("ap: from KEZ_AP_TOKEN\ngithub: stored by kez login\n", list.out());
    assertFalse(list.out().contains("ap-secret-token"));
    assertEquals(0, run("logout", "github").code());
    assertFalse(Files.readString(file).contains(TOKEN));
    assertEquals(ExitCode.LOCAL, run("logout", "github").code());
  }

  @Test
  void theSecretIsNeverTakenFromTheCommandLineNorEchoed() {
    Cli.Result r = run("login", "github", TOKEN);
    assertEquals(ExitCode.USAGE, r.code(), r::toString);
    assertTrue(r.err().contains("never the secret itself"), r.err());
    assertFalse(Files.exists(cli.home.resolve("credentials.json")));
    Cli.Result tsig = cli.runWithInput("only-a-secret\n", "login", "dns");
    assertEquals(ExitCode.USAGE, tsig.code());
    assertFalse(tsig.err().contains("only-a-secret"), tsig.err());
    Cli.Result main = cli.runWithInput("correct horse battery\n", "login", "bluesky");
    assertEquals(ExitCode.USAGE, main.code());
    assertTrue(
        main.err().contains("app password") && !main.err().contains("correct horse"), main.err());
    assertEquals(
        0,
        cli.runWithInput("abcd-efgh-ij2k-mn7p\n", "login", "bluesky", "--account", "alice.test")
            .code());
  }

  @Test
  void anAccountNamedWithItsChannelIsTheSameAccount() {
    assertEquals(
        0,
        cli.runWithInput(
                "abcd-efgh-ij2k-mn7p\n", "login", "bluesky", "--account", "bluesky:alice.test")
            .code());
    assertTrue(run("login", "--list").out().contains("bluesky (alice.test): stored by kez login"));
    assertEquals(0, run("logout", "bluesky", "--account", "alice.test").code());
    assertFalse(run("login", "--list").out().contains("bluesky"));
  }

  @Test
  void publishTwiceThenUnpublish() {
    cli.runWithInput(TOKEN + "\n", "login", "github");
    Cli.Result first = publish("--json");
    assertEquals(0, first.code(), first::toString);
    ObjectNode j = first.json();
    assertEquals("github:alice", j.path("account").asText());
    assertEquals("valid", j.path("status").asText(), first::toString);
    assertTrue(j.path("location").asText().endsWith("#kez.md"), first::toString);
    assertEquals(1, links());

    Cli.Result second = publish("--json");
    assertEquals(0, second.code(), second::toString);
    assertEquals(j.path("location"), second.json().path("location"));
    assertFalse(second.json().path("new_link").asBoolean());
    assertEquals(1, links(), "publishing again republishes the chain's claim");
    Map<String, Map<String, String>> gists = gh.gistsOf("alice");
    assertEquals(1, gists.size());
    assertEquals(
        java.util.Set.of("kez.md", "kez-sigchain.jsonl"),
        gists.values().iterator().next().keySet());

    Cli.Result verify = run(concat(new String[] {"verify", "id", "github:alice", "--json"}, net));
    assertEquals(
        0, verify.code(), verify::toString); // a third party, with the gist's chain file only

    Cli.Result gone = run(concat(new String[] {"unpublish", "github:alice", "--json"}, net));
    assertEquals(0, gone.code(), gone::toString);
    assertEquals("revoked", gone.json().path("status").asText());
    assertEquals(2, links());
    Map<String, String> left = gh.gistsOf("alice").values().iterator().next();
    assertEquals(java.util.Set.of("kez.md", "kez-sigchain.jsonl"), left.keySet());
    assertTrue(left.get("kez-sigchain.jsonl").contains("\"revoke\""), left::toString);
    assertTrue(left.get("kez.md").startsWith("REVOKED: github:alice "), left::toString);

    // a stranger, with no local state: the claim under the notice gives the key, the gist's chain
    // file revokes the account
    Cli stranger = new Cli(dir.resolve("stranger"));
    Cli.Result seen =
        stranger.run(concat(new String[] {"verify", "id", "github:alice", "--json"}, net));
    assertEquals(ExitCode.FAILED, seen.code(), seen::toString);
    assertEquals("revoked", seen.json().path("status").asText(), seen::toString);
    // unpublishing again keeps it so
    assertEquals(
        0, run(concat(new String[] {"unpublish", "github:alice"}, net)).code(), "again, revoked");
    assertEquals(2, links());
    assertEquals(
        "revoked",
        stranger
            .run(concat(new String[] {"verify", "id", "github:alice", "--json"}, net))
            .json()
            .path("status")
            .asText());
  }

  @Test
  void aFailureMidwayLeavesTheChainAndTheGistAsTheyWere() {
    cli.env.put("GITHUB_TOKEN", TOKEN);
    gh.failNext("POST", 500); // the token and the listing pass, the write fails
    Cli.Result create = publish();
    assertEquals(ExitCode.UNREACHABLE, create.code(), create::toString);
    assertTrue(
        create.err().contains("HTTP 500") && create.err().contains("nothing was changed"),
        create.err());
    assertEquals(0, links());
    assertTrue(gh.gistsOf("alice").isEmpty());

    assertEquals(0, publish().code());
    Map<String, Map<String, String>> before = gh.gistsOf("alice");
    gh.failNext("PATCH", 403);
    Cli.Result note = publish("--note", "a new claim, so a new link if it went through");
    assertEquals(ExitCode.FAILED, note.code(), note::toString);
    assertTrue(
        note.err().contains("HTTP 403") && note.err().contains("nothing was changed"), note.err());
    gh.failNext("PATCH", 500);
    Cli.Result un = run(concat(new String[] {"unpublish", "github:alice"}, net));
    assertEquals(ExitCode.UNREACHABLE, un.code(), un::toString);
    assertEquals(1, links(), "neither the new claim nor the revocation is in the chain");
    assertEquals(before, gh.gistsOf("alice"));
  }

  @Test
  void sigchainPublishWritesTheChainFileInTheProofGist() {
    cli.env.put("GITHUB_TOKEN", TOKEN);
    assertEquals(0, publish().code());
    assertEquals(0, run("sigchain", "add", "dns:alice.example").code());
    Cli.Result r = run(concat(new String[] {"sigchain", "publish"}, net));
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().startsWith("github:alice: https://gist.github.com/"), r::toString);
    String chainFile = gh.gistsOf("alice").values().iterator().next().get("kez-sigchain.jsonl");
    assertEquals(2, chainFile.lines().count(), chainFile);
    assertEquals(2, links());
  }

  @Test
  void aDryRunShowsTheRequestsMaskedAndChangesNothing() {
    cli.env.put("GITHUB_TOKEN", TOKEN);
    Cli.Result r = publish("--dry-run");
    assertEquals(0, r.code(), r::toString);
    assertTrue(
        r.out().contains("POST " + gh.base() + "/gists")
            && r.out().contains("Authorization: Bearer ***"),
        r::toString);
    assertEquals(0, links());
    assertTrue(gh.gistsOf("alice").isEmpty());

    assertEquals(0, publish().code());
    Cli.Result un = run(concat(new String[] {"unpublish", "github:alice", "--dry-run"}, net));
    assertEquals(0, un.code(), un::toString);
    assertTrue(
        un.out().contains("PATCH " + gh.base() + "/gists/")
            && un.out().contains("REVOKED: github:alice"),
        un::toString);
    assertTrue(
        un.out().contains("revoke"), "the chain file it would write holds the revocation:\n" + un);
    assertEquals(1, links());
    assertEquals(2, gh.gistsOf("alice").values().iterator().next().size());
  }

  @Test
  void aRefusedCredentialSaysWhichToRenewAndChangesNothing() {
    cli.runWithInput("ghp_readonly\n", "login", "github");
    Cli.Result r = publish();
    assertEquals(ExitCode.FAILED, r.code(), r::toString);
    assertEquals(1, r.err().lines().count(), r::toString);
    assertTrue(r.err().contains("HTTP 403") && r.err().contains("kez login github"), r.err());
    assertEquals(0, links());
    assertTrue(gh.gistsOf("alice").isEmpty());

    cli.env.put("GITHUB_TOKEN", "ghp_revoked");
    Cli.Result env = publish();
    assertTrue(
        env.err().contains("HTTP 401") && env.err().contains("set a new GITHUB_TOKEN"), env.err());

    cli.env.put("GITHUB_TOKEN", TOKEN);
    gh.rateLimit(1);
    Cli.Result limited = publish();
    assertEquals(ExitCode.UNREACHABLE, limited.code(), limited::toString);
    assertTrue(limited.err().contains("resets at"), limited.err());
    assertEquals(0, links());
  }

  @Test
  void withoutACredentialItSaysHowToGiveOne() {
    Cli.Result r = publish();
    assertEquals(ExitCode.LOCAL, r.code(), r::toString);
    assertTrue(r.err().contains("kez login github") && r.err().contains("GITHUB_TOKEN"), r.err());
  }

  @Test
  void blueskyWithoutAnAppPasswordSaysHowToGiveOne() {
    Cli.Result r = run("publish", "bluesky:alice.test");
    assertEquals(ExitCode.LOCAL, r.code(), r::toString);
    assertTrue(
        r.err().contains("kez login bluesky") && r.err().contains("KEZ_BLUESKY_APP_PASSWORD"),
        r.err());
    assertEquals(0, links());
  }
}
