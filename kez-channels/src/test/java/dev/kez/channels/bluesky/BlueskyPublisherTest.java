package dev.kez.channels.bluesky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.ProofPublisher;
import dev.kez.channels.ProofPublisher.Outcome;
import dev.kez.channels.dns.DnsmasqServer;
import dev.kez.channels.http.Credential;
import dev.kez.channels.http.SafeHttp;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import dev.kez.core.status.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Publishing on Bluesky, and reading it back, against a real atproto network on loopback (PLC
 * directory, PDS, appview of @atproto/dev-env): real accounts and app passwords, handles resolved
 * through {@code _atproto} TXT records served by dnsmasq, proofs read from the appview.
 */
class BlueskyPublisherTest {
  static AtprotoNetwork net;
  static AtprotoNetwork.User alice;
  static AtprotoNetwork.User bob;
  static AtprotoNetwork.User carol;
  static DnsmasqServer dns;
  static ChannelContext ctx;
  static final SecretKey KEY = SecretKey.generate(Algorithm.ED25519);
  final BlueskyChannel channel = new BlueskyChannel();
  final ProofPublisher publisher = channel.publisher().orElseThrow();

  @BeforeAll
  static void network() throws Exception {
    net = AtprotoNetwork.shared();
    alice = net.account("pubalice.test");
    bob = net.account("pubbob.test");
    // a main password shaped like an app password: the session tells them apart
    carol = net.account("pubcarol.test", "main-pass-word-abcd");
    List<String> txt = new ArrayList<>();
    for (AtprotoNetwork.User u : List.of(alice, bob, carol))
      txt.add("txt-record=_atproto." + u.handle() + ",\"did=" + u.did() + "\"");
    dns = DnsmasqServer.start(txt);
    ctx =
        new ChannelContext(
            net.endpoints(),
            dns.address(),
            List.of(),
            Duration.ofSeconds(20),
            true,
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    dns.close();
  }

  private static Account account(AtprotoNetwork.User u) {
    return Account.parse("bluesky:" + u.handle());
  }

  private static Claim claim(AtprotoNetwork.User u, long at) {
    return Claim.builder(account(u)).createdAt(at).sign(KEY);
  }

  private Outcome publish(Claim c, String secret, boolean dryRun, @Nullable String where) {
    return publisher.publish(
        new ProofPublisher.Request(
            c,
            channel.preferredEncoding(c),
            new ProofPublisher.Credential(secret),
            ctx,
            dryRun,
            null,
            where));
  }

  /** The texts of the account's posts, straight from its repository on the PDS. */
  private static List<String> posts(AtprotoNetwork.User u) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode r :
        http()
            .json(
                net.pds()
                    + "/xrpc/com.atproto.repo.listRecords?repo="
                    + u.did()
                    + "&collection=app.bsky.feed.post",
                "application/json")
            .path("records")) out.add(r.path("value").path("text").asText());
    return out;
  }

  private static JsonNode profile(AtprotoNetwork.User u) throws Exception {
    return http()
        .json(
            net.pds()
                + "/xrpc/com.atproto.repo.getRecord?repo="
                + u.did()
                + "&collection=app.bsky.actor.profile&rkey=self",
            "application/json")
        .path("value");
  }

  private static SafeHttp http() {
    return SafeHttp.create(ctx);
  }

  /** What a verifier finds: the reading side, from the appview. */
  private ProofLookup read(AtprotoNetwork.User u) {
    return channel.fetch(account(u), ctx);
  }

  @Test
  void postVerifyRepublishReplaceUnpublish() throws Exception {
    Claim first = claim(alice, 1764150000);
    Outcome.Published p =
        assertInstanceOf(Outcome.Published.class, publish(first, alice.appPassword(), false, null));
    assertTrue(
        p.location().startsWith("at://" + alice.did() + "/app.bsky.feed.post/"), p::toString);
    ProofLookup.Found found = assertInstanceOf(ProofLookup.Found.class, read(alice));
    assertEquals(List.of(first), found.claims());
    assertEquals(p.location(), found.location());

    // the same claim again: the post stays, nothing new
    Outcome.Published again =
        assertInstanceOf(Outcome.Published.class, publish(first, alice.appPassword(), false, null));
    assertEquals(p.location(), again.location());
    assertEquals(1, posts(alice).size());

    // a new claim: a new post, the earlier one deleted, so still one proof
    Claim second = claim(alice, 1764160000);
    Outcome.Published replaced =
        assertInstanceOf(
            Outcome.Published.class, publish(second, alice.appPassword(), false, null));
    assertFalse(replaced.location().equals(p.location()));
    List<String> left = posts(alice);
    assertEquals(1, left.size(), left::toString);
    assertEquals(List.of(second), assertInstanceOf(ProofLookup.Found.class, read(alice)).claims());

    Outcome.Published gone =
        assertInstanceOf(
            Outcome.Published.class,
            publisher.unpublish(
                account(alice),
                new ProofPublisher.Credential(alice.appPassword()),
                ctx,
                false,
                null));
    assertEquals(replaced.location(), gone.location());
    assertEquals(List.of(), posts(alice));
    ProofLookup.Failed none = assertInstanceOf(ProofLookup.Failed.class, read(alice));
    assertInstanceOf(Verdict.NotFound.class, none.verdict());
  }

  @Test
  void profileKeepsEveryOtherFieldAndUnpublishRestoresIt() throws Exception {
    // bob's profile as the app leaves it: a display name and a bio
    SafeHttp.Response s =
        http()
            .write(
                "POST",
                net.pds() + "/xrpc/com.atproto.server.createSession",
                Map.of(),
                Json.write(
                    Json.newObject().put("identifier", bob.did()).put("password", bob.password())),
                null);
    String jwt = s.json().path("accessJwt").asText();
    var put =
        Json.newObject()
            .put("repo", bob.did())
            .put("collection", "app.bsky.actor.profile")
            .put("rkey", "self");
    put.putObject("record")
        .put("$type", "app.bsky.actor.profile")
        .put("displayName", "Bob Baker")
        .put("description", "I bake bread.");
    assertEquals(
        200,
        http()
            .write(
                "POST",
                net.pds() + "/xrpc/com.atproto.repo.putRecord",
                Map.of(),
                Json.write(put),
                Credential.bearer(net.pds(), jwt))
            .status());

    Claim c = claim(bob, 1764150000);
    Outcome.Published p =
        assertInstanceOf(Outcome.Published.class, publish(c, bob.appPassword(), false, "profile"));
    assertEquals("at://" + bob.did() + "/app.bsky.actor.profile/self", p.location());
    JsonNode prof = profile(bob);
    assertEquals("Bob Baker", prof.path("displayName").asText());
    assertTrue(prof.path("description").asText().startsWith("I bake bread.\n"), prof::toString);
    ProofLookup.Found found = assertInstanceOf(ProofLookup.Found.class, read(bob));
    assertEquals(List.of(c), found.claims());
    assertEquals(p.location(), found.location());

    // again: nothing changes, one proof
    publish(c, bob.appPassword(), false, "profile");
    assertEquals(prof, profile(bob));

    assertInstanceOf(
        Outcome.Published.class,
        publisher.unpublish(
            account(bob), new ProofPublisher.Credential(bob.appPassword()), ctx, false, null));
    assertEquals("I bake bread.", profile(bob).path("description").asText());
    assertEquals("Bob Baker", profile(bob).path("displayName").asText());
    assertInstanceOf(ProofLookup.Failed.class, read(bob));
  }

  @Test
  void refusedCredentialsChangeNothingAndNeverShow() throws Exception {
    Claim c = claim(carol, 1764150000);
    // a wrong app password: the PDS refuses the login
    Outcome.Refused wrong =
        assertInstanceOf(Outcome.Refused.class, publish(c, "aaaa-bbbb-cccc-dddd", false, null));
    assertTrue(wrong.credentialRejected(), wrong::toString);
    assertTrue(wrong.reason().contains("app password"), wrong::reason);
    // the main password is never taken, whatever it looks like
    Outcome.Refused main =
        assertInstanceOf(Outcome.Refused.class, publish(c, carol.password(), false, null));
    assertTrue(main.reason().contains("main password"), main::reason);
    assertEquals(List.of(), posts(carol));

    // a dry run reads, plans and writes nothing; the password is masked
    Outcome.Planned plan =
        assertInstanceOf(Outcome.Planned.class, publish(c, carol.appPassword(), true, null));
    assertEquals(2, plan.requests().size(), plan::toString); // createSession, createRecord
    assertTrue(plan.requests().get(1).contains("com.atproto.repo.createRecord"));
    for (String r : plan.requests()) assertFalse(r.contains(carol.appPassword()), r);
    assertEquals(List.of(), posts(carol));
    assertInstanceOf(ProofLookup.Failed.class, read(carol));
  }
}
