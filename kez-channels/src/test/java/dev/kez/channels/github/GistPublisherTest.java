package dev.kez.channels.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.Evidence;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.ProofPublisher;
import dev.kez.channels.ProofPublisher.Outcome;
import dev.kez.channels.http.TestServer;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.chain.Links;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.status.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GistPublisher against the GitHub API double: one proof gist, created then updated, with GitHub's
 * auth enforced.
 */
class GistPublisherTest {
  private static final String TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
  private final GitHubApiDouble gh =
      GitHubApiDouble.start()
          .token(TOKEN, "alice", "gist")
          .token("ghp_readonly", "alice", "read:user")
          .token("ghp_bob", "bob", "gist");
  private final ChannelContext ctx = TestServer.context(Map.of("GITHUB_API", gh.base()));
  private final Account alice = Account.parse("github:alice");
  private final SecretKey key = SecretKey.generate(Algorithm.ED25519);

  @AfterEach
  void stop() {
    gh.close();
  }

  private Claim claim(long t) {
    return Claim.builder(alice).createdAt(t).sign(key);
  }

  private Outcome publish(Claim c, String token, boolean dryRun, String chain) {
    ProofPublisher p = new GitHubChannel(null).publisher().orElseThrow();
    return p.publish(
        new ProofPublisher.Request(
            c, Encoding.MARKDOWN, new ProofPublisher.Credential(token), ctx, dryRun, chain));
  }

  private ProofLookup read() {
    return new GitHubChannel(null).fetch(alice, ctx);
  }

  private Outcome.Published unpublish(@Nullable String chain) {
    Outcome o =
        new GitHubChannel(null)
            .publisher()
            .orElseThrow()
            .unpublish(alice, new ProofPublisher.Credential(TOKEN), ctx, false, chain);
    return assertInstanceOf(Outcome.Published.class, o, o::toString);
  }

  @Test
  void createsOneProofGistThenUpdatesItAndTheVerifierReadsTheNewest() {
    Outcome.Published first =
        assertInstanceOf(
            Outcome.Published.class, publish(claim(1764150000), TOKEN, false, "{\"seq\":1}\n"));
    assertTrue(
        first.location().startsWith("https://gist.github.com/")
            && first.location().endsWith("#kez.md"),
        first.location());
    Claim newer = claim(1764150100);
    Outcome.Published second =
        assertInstanceOf(Outcome.Published.class, publish(newer, TOKEN, false, null));
    assertEquals(first.location(), second.location());
    Map<String, Map<String, String>> gists = gh.gistsOf("alice");
    assertEquals(1, gists.size(), gists::toString);
    Map<String, String> files = gists.values().iterator().next();
    assertEquals(java.util.Set.of("kez.md", "kez-sigchain.jsonl"), files.keySet());
    assertEquals("{\"seq\":1}\n", files.get("kez-sigchain.jsonl")); // null chain: left as it was
    assertEquals(List.of(newer), assertInstanceOf(ProofLookup.Found.class, read()).claims());
  }

  @Test
  void updatesAHandMadeProofFileInPlace() {
    String id = gh.gist("alice", true, Map.of("kez-proof.md", "old"));
    assertInstanceOf(Outcome.Published.class, publish(claim(1764150000), TOKEN, false, null));
    assertEquals(
        Map.of(id, List.of("kez-proof.md")),
        Map.of(id, List.copyOf(gh.gistsOf("alice").get(id).keySet())));
    assertInstanceOf(ProofLookup.Found.class, read());
  }

  @Test
  void unpublishWithoutARevokingChainRemovesTheProofAndKeepsTheChainFile() {
    publish(claim(1764150000), TOKEN, false, "{\"seq\":1}\n");
    Outcome.Published gone = unpublish("{\"seq\":1}\n{\"seq\":2}\n");
    assertTrue(gone.report().contains("removed kez.md"), gone.report()::toString);
    assertEquals(
        Map.of("kez-sigchain.jsonl", "{\"seq\":1}\n{\"seq\":2}\n"),
        gh.gistsOf("alice").values().iterator().next());
    assertInstanceOf(
        Verdict.NotFound.class, assertInstanceOf(ProofLookup.Failed.class, read()).verdict());
  }

  @Test
  void unpublishKeepsTheClaimUnderANoticeBesideTheChainThatRevokesIt(@TempDir Path dir) {
    ChainStore chain = ChainStore.open(dir.resolve("sigchain.jsonl"));
    Claim c = claim(1764150000);
    chain.append(st -> Links.add(st, c, key, 1764150000));
    publish(c, TOKEN, false, Bundle.toString(chain.links()));
    chain.append(st -> Links.revoke(st, alice, key, 1764150100));
    Outcome.Published gone = unpublish(Bundle.toString(chain.links()));
    assertTrue(gone.location().endsWith("#kez.md"), gone.location());
    Map<String, String> files = gh.gistsOf("alice").values().iterator().next();
    assertEquals(Bundle.toString(chain.links()), files.get("kez-sigchain.jsonl"));
    assertTrue(files.get("kez.md").startsWith("REVOKED: github:alice "), files::toString);
    // the claim is still where verifiers look, so they find the key and the revoking chain
    assertEquals(List.of(c), assertInstanceOf(ProofLookup.Found.class, read()).claims());
  }

  @Test
  void aFailureMidwayChangesNothingAndSaysSo() {
    publish(claim(1764150000), TOKEN, false, "{\"seq\":1}\n");
    Map<String, Map<String, String>> before = gh.gistsOf("alice");
    gh.failNext("PATCH", 500);
    Outcome.Refused server =
        assertInstanceOf(
            Outcome.Refused.class, publish(claim(1764150100), TOKEN, false, "{\"seq\":2}\n"));
    assertTrue(
        server.retryable()
            && server.reason().contains("HTTP 500")
            && server.reason().contains("nothing was changed"),
        server.reason());
    gh.failNext("PATCH", 403);
    Outcome.Refused forbidden =
        assertInstanceOf(
            Outcome.Refused.class, publish(claim(1764150100), TOKEN, false, "{\"seq\":2}\n"));
    assertTrue(forbidden.credentialRejected() && forbidden.reason().contains("HTTP 403"));
    assertEquals(before, gh.gistsOf("alice"));
    assertTrue(gh.requests.stream().filter(r -> r.startsWith("PATCH")).count() == 2);
  }

  @Test
  void unpublishDeletesAGistThatWouldBeEmpty() {
    publish(claim(1764150000), TOKEN, false, null);
    Outcome.Published gone = unpublish(null);
    assertTrue(gone.report().contains("deleted the emptied gist"), gone.report()::toString);
    assertTrue(gh.gistsOf("alice").isEmpty());
  }

  @Test
  void aDryRunWritesNothingAndMasksTheToken() {
    Outcome.Planned plan =
        assertInstanceOf(Outcome.Planned.class, publish(claim(1764150000), TOKEN, true, null));
    assertEquals(1, plan.requests().size());
    String request = plan.requests().get(0);
    assertTrue(request.startsWith("POST " + gh.base() + "/gists\n"), request);
    assertTrue(
        request.contains("Authorization: Bearer ***") && request.contains("kez.md"), request);
    assertFalse(request.contains(TOKEN));
    assertTrue(gh.gistsOf("alice").isEmpty());
  }

  @Test
  void aRefusedTokenSaysSoInOneLineAndChangesNothing() {
    for (String token : List.of("ghp_wrong", "ghp_readonly", "ghp_bob")) {
      Outcome.Refused r =
          assertInstanceOf(
              Outcome.Refused.class, publish(claim(1764150000), token, false, null), token);
      assertTrue(r.credentialRejected(), r::toString);
      assertFalse(r.reason().contains(token) || r.reason().contains("\n"), r.reason());
      assertTrue(gh.gistsOf("alice").isEmpty());
    }
    Outcome.Refused noScope =
        (Outcome.Refused) publish(claim(1764150000), "ghp_readonly", false, null);
    assertTrue(
        noScope.reason().contains("HTTP 403") && noScope.reason().contains("scope gist"),
        noScope.reason());
    assertTrue(
        ((Outcome.Refused) publish(claim(1764150000), "ghp_wrong", false, null))
            .reason()
            .contains("HTTP 401 Bad credentials"));
    assertTrue(
        ((Outcome.Refused) publish(claim(1764150000), "ghp_bob", false, null))
            .reason()
            .contains("belongs to bob"));
  }

  @Test
  void aRateLimitIsRetryableAndSaysWhenItResets() {
    gh.rateLimit(1);
    Outcome.Refused r =
        assertInstanceOf(Outcome.Refused.class, publish(claim(1764150000), TOKEN, false, null));
    assertTrue(r.retryable() && !r.credentialRejected(), r::toString);
    assertTrue(r.reason().contains("429") && r.reason().contains("resets at"), r.reason());
    assertTrue(gh.gistsOf("alice").isEmpty());
  }

  @Test
  void theTokenGoesToTheApiOriginOnlyAndNeverIntoEvidence() {
    Outcome o = publish(claim(1764150000), TOKEN, false, null);
    for (Evidence e : o.evidence())
      assertFalse(new String(e.body(), StandardCharsets.UTF_8).contains(TOKEN));
    assertTrue(
        gh.authorizations.stream().allMatch(("Bearer " + TOKEN)::equals),
        gh.authorizations::toString);
  }
}
