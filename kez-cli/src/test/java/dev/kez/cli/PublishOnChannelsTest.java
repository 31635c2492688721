package dev.kez.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.ap.FedifyServer;
import dev.kez.channels.bluesky.AtprotoNetwork;
import dev.kez.channels.dns.BindServer;
import dev.kez.channels.dns.DnsmasqServer;
import dev.kez.channels.nostr.NostrRelayServer;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kez publish} / {@code unpublish} on dns (RFC 2136 + TSIG against a real BIND 9, and the
 * zone-line fallback without a key), nostr (the real relay) and ap (a real Fedify actor server with
 * the Mastodon client routes) and bluesky (a real atproto network: PLC, PDS, appview), through the
 * real command.
 */
class PublishOnChannelsTest {
  static BindServer bind;
  static NostrRelayServer relay;
  static FedifyServer ap;

  @TempDir Path dir;
  private Cli cli;

  @BeforeAll
  static void start() throws Exception {
    bind = BindServer.start("alice.example");
    relay = NostrRelayServer.start();
    ap = FedifyServer.start("alice", "social.example", "ap-token-Zq3v8RkL0pX2:write");
  }

  @AfterAll
  static void stop() throws Exception {
    bind.close();
    relay.close();
    ap.close();
  }

  @BeforeEach
  void identity() {
    cli = new Cli(dir.resolve("home"));
    cli.clock = Clock.systemUTC(); // the relay judges event times
    assertEquals(0, cli.run("identity", "new").code());
  }

  private Cli.Result run(String... args) {
    Cli.Result r = cli.run(args);
    String secret = cli.env.getOrDefault("KEZ_DNS_TSIG", "x:y:never-printed").split(":")[2];
    assertFalse(r.out().contains(secret) || r.err().contains(secret), r::toString);
    String nsec = cli.env.get("KEZ_NOSTR_NSEC");
    assertFalse(nsec != null && (r.out().contains(nsec) || r.err().contains(nsec)), r::toString);
    return r;
  }

  private int links() {
    return ChainStore.open(cli.home.resolve("sigchain.jsonl")).links().size();
  }

  @Test
  void dnsWithATsigKey() {
    cli.env.put("KEZ_DNS_TSIG", bind.tsig());
    String[] publish = {"publish", "dns:alice.example", "--dns-server", bind.address(), "--json"};
    Cli.Result first = run(publish);
    assertEquals(0, first.code(), first::toString);
    assertEquals("valid", first.json().path("status").asText());
    Cli.Result again = run(publish);
    assertEquals(0, again.code(), again::toString);
    assertEquals(1, links());
    Cli.Result gone =
        run("unpublish", "dns:alice.example", "--dns-server", bind.address(), "--json");
    assertEquals(0, gone.code(), gone::toString);
    assertEquals("revoked", gone.json().path("status").asText());
    assertEquals(2, links());
  }

  @Test
  void dnsWithoutAKeyPrintsTheZoneLineAndHowToCheckIt() {
    Cli.Result r = run("publish", "dns:nokey.example", "--dns-server", bind.address());
    assertEquals(ExitCode.FAILED, r.code(), r::toString);
    assertTrue(r.out().startsWith("_kez.nokey.example. 3600 IN TXT \"kez:"), r::toString);
    assertTrue(
        r.err().contains("dig +short TXT _kez.nokey.example") && r.err().contains("KEZ_DNS_TSIG"),
        r::toString);
    assertEquals(
        r.out(),
        run("publish", "dns:nokey.example", "--dns-server", bind.address()).out(),
        "the same line again");
    assertEquals(1, links());
  }

  @Test
  void nostrToTheRelayWithEachRelaysAnswer() {
    SecretKey nostrKey = SecretKey.generate(Algorithm.NOSTR);
    String account = "nostr:" + nostrKey.publicKey().encoded();
    cli.env.put("KEZ_NOSTR_NSEC", nostrKey.toNsec());
    Cli.Result r = run("publish", account, "--relay", relay.url(), "--allow-private", "--json");
    assertEquals(0, r.code(), r::toString);
    assertEquals("valid", r.json().path("status").asText());
    assertTrue(r.json().path("report").get(0).asText().contains(": OK"), r::toString);
    Cli.Result gone =
        run("unpublish", account, "--relay", relay.url(), "--allow-private", "--json");
    assertEquals(0, gone.code(), gone::toString);
    assertEquals("revoked", gone.json().path("status").asText());
  }

  @Test
  void apAsAStatusThenAsAProfileField() {
    cli.env.put("KEZ_AP_TOKEN", "ap-token-Zq3v8RkL0pX2");
    String[] net = {"--endpoint", "AP_WEB=" + ap.base(), "--allow-private", "--json"};
    Cli.Result post = run(concat(new String[] {"publish", "ap:alice@social.example"}, net));
    assertEquals(0, post.code(), post::toString);
    assertEquals("valid", post.json().path("status").asText());
    assertFalse(post.out().contains("ap-token-Zq3v8RkL0pX2"));
    Cli.Result profile =
        run(concat(new String[] {"publish", "ap:alice@social.example", "--where", "profile"}, net));
    assertEquals(0, profile.code(), profile::toString);
    assertTrue(profile.json().path("location").asText().endsWith("#field-kez"), profile::toString);
    assertTrue(
        profile.json().path("report").toString().contains("deleted the earlier proof status"),
        profile::toString);
    Cli.Result gone = run(concat(new String[] {"unpublish", "ap:alice@social.example"}, net));
    assertEquals(0, gone.code(), gone::toString);
    assertEquals("revoked", gone.json().path("status").asText());
    assertEquals(ExitCode.USAGE, run("publish", "dns:alice.example", "--where", "profile").code());
  }

  @Test
  void blueskyAsAPostThenInTheProfileWithAnAppPassword() throws Exception {
    AtprotoNetwork.User carol = AtprotoNetwork.shared().account("carol.test");
    try (DnsmasqServer dns =
        DnsmasqServer.start(
            List.of("txt-record=_atproto.carol.test,\"did=" + carol.did() + "\""))) {
      List<String> net =
          new ArrayList<>(List.of("--dns-server", dns.address(), "--allow-private", "--json"));
      AtprotoNetwork.shared()
          .endpoints()
          .forEach((k, v) -> net.addAll(List.of("--endpoint", k + "=" + v)));
      String[] args = net.toArray(String[]::new);
      String account = "bluesky:carol.test";

      // a refused app password: exit 1, one line naming what to renew, nothing changed
      cli.env.put("KEZ_BLUESKY_APP_PASSWORD", "aaaa-bbbb-cccc-dddd");
      Cli.Result refused = run(concat(new String[] {"publish", account}, args));
      assertEquals(ExitCode.FAILED, refused.code(), refused::toString);
      assertTrue(refused.err().contains("KEZ_BLUESKY_APP_PASSWORD"), refused::toString);
      assertEquals(0, links());

      cli.env.put("KEZ_BLUESKY_APP_PASSWORD", carol.appPassword());
      Cli.Result post = run(concat(new String[] {"publish", account}, args));
      assertEquals(0, post.code(), post::toString);
      assertEquals("valid", post.json().path("status").asText());
      String at = post.json().path("location").asText();
      assertTrue(at.startsWith("at://" + carol.did() + "/app.bsky.feed.post/"), at);
      Cli.Result again = run(concat(new String[] {"publish", account}, args));
      assertEquals(at, again.json().path("location").asText(), "one post, not two");
      assertEquals(1, links());

      Cli.Result profile =
          run(concat(new String[] {"publish", account, "--where", "profile"}, args));
      assertEquals(0, profile.code(), profile::toString);
      assertEquals(
          "at://" + carol.did() + "/app.bsky.actor.profile/self",
          profile.json().path("location").asText());
      assertTrue(
          profile.json().path("report").toString().contains("deleted the earlier proof post"),
          profile::toString);

      Cli.Result gone = run(concat(new String[] {"unpublish", account}, args));
      assertEquals(0, gone.code(), gone::toString);
      assertEquals("revoked", gone.json().path("status").asText());
      for (Cli.Result r : List.of(refused, post, again, profile, gone))
        assertFalse(
            r.out().contains(carol.appPassword()) || r.err().contains(carol.appPassword()),
            r::toString);
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
