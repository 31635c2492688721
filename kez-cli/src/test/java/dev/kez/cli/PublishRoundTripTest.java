package dev.kez.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.channels.ap.FedifyServer;
import dev.kez.channels.bluesky.AtprotoNetwork;
import dev.kez.channels.dns.BindServer;
import dev.kez.channels.github.GitHubApiDouble;
import dev.kez.channels.nostr.NostrRelayServer;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publishing round trip end to end on all five channels at once, each against its real server
 * on loopback (GitHub: the API double; Bluesky: a real atproto network, its handle's {@code
 * _atproto} record beside the dns account's proof in the same BIND zone): alice publishes a proof
 * on each with its credential, pushes her chain to her proof gist, and a stranger's {@code kez
 * verify id github:alice} (no local chain) finds all five valid; publishing everything again leaves
 * one proof and one link each; unpublishing two makes them revoked for the stranger too, and
 * unpublishing github:alice itself (the proof kept under a revocation notice beside the revoking
 * chain) makes the root revoked.
 */
class PublishRoundTripTest {
  static final String GH_TOKEN = "ghp_roundTripToken0123456789abcdefABCD";
  static final String AP_TOKEN = "ap-roundtrip-token-0123456789";

  @TempDir Path dir;
  private final List<AutoCloseable> servers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable s : servers) s.close();
  }

  private <T extends AutoCloseable> T up(T server) {
    servers.add(server);
    return server;
  }

  @Test
  void publishOnFiveChannelsVerifyRepublishUnpublish() throws Exception {
    GitHubApiDouble gh = up(GitHubApiDouble.start().token(GH_TOKEN, "alice", "gist"));
    BindServer bind = up(BindServer.start("alice.test"));
    NostrRelayServer relay = up(NostrRelayServer.start());
    FedifyServer ap = up(FedifyServer.start("alice", "social.example", AP_TOKEN + ":write"));
    SecretKey nostrKey = SecretKey.generate(Algorithm.NOSTR);
    AtprotoNetwork atproto = AtprotoNetwork.shared();
    AtprotoNetwork.User bsky = atproto.account("alice.test");
    bind.addTxt("alice.test", "_atproto.alice.test", "did=" + bsky.did());

    Cli alice = new Cli(dir.resolve("alice"));
    alice.clock = Clock.systemUTC(); // the relay judges event times
    alice.env.putAll(
        Map.of(
            "GITHUB_TOKEN",
            GH_TOKEN,
            "KEZ_DNS_TSIG",
            bind.tsig(),
            "KEZ_NOSTR_NSEC",
            nostrKey.toNsec(),
            "KEZ_AP_TOKEN",
            AP_TOKEN,
            "KEZ_BLUESKY_APP_PASSWORD",
            bsky.appPassword()));
    List<String> secrets =
        List.of(
            GH_TOKEN, bind.tsig().split(":")[2], nostrKey.toNsec(), AP_TOKEN, bsky.appPassword());
    List<String> bskyNet = new ArrayList<>();
    atproto.endpoints().forEach((k, v) -> bskyNet.addAll(List.of("--endpoint", k + "=" + v)));
    String[] net =
        concat(
            bskyNet.toArray(String[]::new),
            "--endpoint",
            "GITHUB_API=" + gh.base(),
            "--endpoint",
            "AP_WEB=" + ap.base(),
            "--dns-server",
            bind.address(),
            "--relay",
            relay.url(),
            "--allow-private");
    List<String> accounts =
        List.of(
            "github:alice",
            "dns:alice.test",
            "nostr:" + nostrKey.publicKey().encoded(),
            "ap:alice@social.example",
            "bluesky:alice.test");
    ok(alice, "identity", "new");

    Map<String, String> locations = new LinkedHashMap<>();
    for (int round = 0; round < 2; round++) {
      for (String a : accounts) {
        Cli.Result r = alice.run(concat(new String[] {"publish", a, "--json"}, net));
        for (String s : secrets)
          assertFalse(r.out().contains(s) || r.err().contains(s), r::toString);
        assertEquals(0, r.code(), () -> a + "\n" + r);
        assertEquals("valid", r.json().path("status").asText(), r::toString);
        String at = r.json().path("location").asText();
        if (!a.startsWith(
            "nostr:")) { // a nostr event id changes with its time; the relay keeps the newest only
          assertEquals(locations.getOrDefault(a, at), at, () -> a + ": published again elsewhere");
        }
        locations.put(a, at);
      }
    }
    assertEquals(
        5,
        ChainStore.open(alice.home.resolve("sigchain.jsonl")).links().size(),
        "publishing again adds no link");
    assertEquals(1, gh.gistsOf("alice").size());
    ok(alice, concat(new String[] {"sigchain", "publish"}, net));

    // a stranger: no local chain, only what alice published
    Cli stranger = new Cli(dir.resolve("stranger"));
    stranger.clock = Clock.systemUTC();
    Map<String, String> seen =
        statuses(
            stranger
                .run(concat(new String[] {"verify", "id", "github:alice", "--json"}, net))
                .json());
    for (String a : accounts) assertEquals("valid", seen.get(a), () -> a + " in " + seen);

    String nostr = accounts.get(2);
    Cli.Result gone = alice.run(concat(new String[] {"unpublish", nostr, "--json"}, net));
    assertEquals(0, gone.code(), gone::toString);
    Cli.Result bskyGone =
        alice.run(concat(new String[] {"unpublish", "bluesky:alice.test", "--json"}, net));
    assertEquals(0, bskyGone.code(), bskyGone::toString);
    ok(alice, concat(new String[] {"sigchain", "publish"}, net));
    Map<String, String> after =
        statuses(
            stranger
                .run(concat(new String[] {"verify", "id", "github:alice", "--json"}, net))
                .json());
    assertEquals("revoked", after.get(nostr), after::toString);
    assertEquals("revoked", after.get("bluesky:alice.test"), after::toString);
    assertEquals("valid", after.get("ap:alice@social.example"), after::toString);

    // github hosts the chain beside the proof: unpublished, it reads revoked to the stranger too
    Cli.Result ghGone =
        alice.run(concat(new String[] {"unpublish", "github:alice", "--json"}, net));
    assertEquals(0, ghGone.code(), ghGone::toString);
    JsonNode last =
        stranger.run(concat(new String[] {"verify", "id", "github:alice", "--json"}, net)).json();
    assertEquals("revoked", last.path("status").asText(), last::toString);
    assertEquals("revoked", statuses(last).get(nostr), last::toString);
    assertEquals("valid", statuses(last).get("dns:alice.test"), last::toString);
  }

  private static Cli.Result ok(Cli cli, String... args) {
    Cli.Result r = cli.run(args);
    assertEquals(0, r.code(), () -> String.join(" ", args) + "\n" + r);
    return r;
  }

  private static Map<String, String> statuses(JsonNode graph) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode a : graph.path("accounts"))
      out.put(a.path("account").asText(), a.path("status").asText());
    return out;
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
