package dev.kez.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.ProofLookup;
import dev.kez.channels.ap.ActivityPubChannel;
import dev.kez.channels.ap.FedifyServer;
import dev.kez.channels.bluesky.AtprotoNetwork;
import dev.kez.channels.dns.BindServer;
import dev.kez.channels.dns.DnsChannel;
import dev.kez.channels.dns.DnsmasqServer;
import dev.kez.channels.nostr.NostrRelayServer;
import dev.kez.channels.nostr.RelayClient;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.chain.Link;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.NostrPublicKey;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.keystore.KeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
    ap =
        FedifyServer.start(
            "alice",
            "social.example",
            "ap-token-Zq3v8RkL0pX2:write",
            "ap-profile-only-token:write:accounts");
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
    assertEquals(1, dnsClaims("alice.example").size(), "one TXT record: the second replaced it");
    Cli.Result gone =
        run("unpublish", "dns:alice.example", "--dns-server", bind.address(), "--json");
    assertEquals(0, gone.code(), gone::toString);
    assertEquals("revoked", gone.json().path("status").asText());
    assertEquals(2, links());
    // dns hosts no chain: a stranger asking about the account alone finds no proof (SPEC §10.1)
    assertEquals(
        "not_found", stranger("dns:alice.example", "--dns-server", bind.address()), "stranger");
  }

  @Test
  void dnsARefusedUpdateLeavesTheZoneAndTheChainAsTheyWere() throws Exception {
    String account = "dns:refused.alice.example";
    String[] publish = {"publish", account, "--dns-server", bind.address(), "--json"};
    cli.env.put("KEZ_DNS_TSIG", bind.tsig());
    assertEquals(0, run(publish).code());
    List<Claim> before = dnsClaims("refused.alice.example");
    cli.env.put(
        "KEZ_DNS_TSIG",
        BindServer.KEY_NAME + ":hmac-sha256:" + Base64.getEncoder().encodeToString(new byte[32]));
    Cli.Result r = run(concat(publish, "--note", "a new claim, so a new link if it went through"));
    assertEquals(ExitCode.FAILED, r.code(), r::toString);
    assertTrue(
        r.err().contains("refused the update") && r.err().contains("set a new KEZ_DNS_TSIG"),
        r.err());
    assertEquals(1, links());
    assertEquals(before, dnsClaims("refused.alice.example"));
    cli.env.put("KEZ_DNS_TSIG", bind.tsig());
    String nobody = "127.0.0.1:" + closedPort();
    Cli.Result silent = run("publish", account, "--dns-server", nobody, "--timeout", "1s");
    assertEquals(ExitCode.UNREACHABLE, silent.code(), silent::toString);
    assertTrue(
        silent.err().contains("no answer from " + nobody)
            && silent.err().contains("nothing was changed"),
        silent.err());
    assertEquals(0, run("unpublish", account, "--dns-server", bind.address()).code());
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
  void nostrTwiceIsOneEventAndEachRelaysAnswerIsReported() throws Exception {
    SecretKey nostrKey = SecretKey.generate(Algorithm.NOSTR);
    String account = "nostr:" + nostrKey.publicKey().encoded();
    cli.env.put("KEZ_NOSTR_NSEC", nostrKey.toNsec());
    String dead = "ws://127.0.0.1:" + closedPort();
    // no relay takes it: nothing changes
    Cli.Result none = run("publish", account, "--relay", dead, "--allow-private", "--json");
    assertEquals(ExitCode.UNREACHABLE, none.code(), none::toString);
    assertTrue(none.err().contains("no relay accepted") && none.err().contains(dead), none.err());
    assertEquals(0, links());
    // one relay takes it and one is down: published, each relay's answer in the report
    String[] both = {"publish", account, "--relay", relay.url(), "--relay", dead};
    Cli.Result r = run(concat(both, "--allow-private", "--json"));
    assertEquals(0, r.code(), r::toString);
    assertEquals("valid", r.json().path("status").asText());
    List<String> report = new ArrayList<>();
    r.json().path("report").forEach(line -> report.add(line.asText()));
    assertEquals(2, report.size(), report::toString);
    assertTrue(report.get(0).startsWith(relay.url() + ": OK"), report::toString);
    assertTrue(report.get(1).startsWith(dead + ": refused"), report::toString);
    assertEquals(0, run(concat(both, "--allow-private")).code());
    assertEquals(1, links());
    assertEquals(1, proofEvents(nostrKey), "the relay keeps one proof event, the newest");

    Cli.Result gone =
        run("unpublish", account, "--relay", relay.url(), "--allow-private", "--json");
    assertEquals(0, gone.code(), gone::toString);
    assertEquals("revoked", gone.json().path("status").asText());
    // nostr hosts no chain: a stranger asking about the account alone finds no proof (§10.3)
    assertEquals("not_found", stranger(account, "--relay", relay.url(), "--allow-private"));
  }

  /**
   * A nostr primary key publishes its own account with itself. A device holding only its device
   * key, a nostr key the chain made an active device: it signs the claim and its link (a device may
   * sign add and revoke, SPEC §6.3) and, its npub being the account, the proof event too; for
   * another npub it signs the claim and the account's nsec signs the event.
   */
  @Test
  void aNostrDeviceKeyPublishesWithoutThePrimaryKey() throws Exception {
    String[] net = {"--relay", relay.url(), "--allow-private", "--json"};
    // the primary key is a nostr key: its own account needs no lent nsec
    String primary = KeyStore.open(cli.home).primaryPublic().orElseThrow().encoded();
    Cli.Result self = run(concat(new String[] {"publish", "nostr:" + primary}, net));
    assertEquals("valid", self.json().path("status").asText(), self::toString);
    Cli device = new Cli(dir.resolve("device"));
    device.clock = Clock.systemUTC();
    String npub = device.run("sigchain", "device-key", "--alg", "nostr").out().strip();
    assertTrue(npub.startsWith("npub1"), npub);
    Path request = dir.resolve("request.json");
    Path signed = dir.resolve("signed.json");
    Files.writeString(request, cli.run("sigchain", "add-device", "--key", npub).out());
    Files.writeString(signed, device.run("sigchain", "device-sign", request.toString()).out());
    assertEquals(0, cli.run("sigchain", "add-device", "--signed", signed.toString()).code());
    Files.copy(cli.home.resolve("sigchain.jsonl"), device.home.resolve("sigchain.jsonl"));
    assertFalse(Files.exists(device.home.resolve("identity.json")));

    Cli.Result own = device.run(concat(new String[] {"publish", "nostr:" + npub}, net));
    assertEquals(0, own.code(), own::toString);
    assertEquals("valid", own.json().path("status").asText(), own::toString);
    List<Link> chain = ChainStore.open(device.home.resolve("sigchain.jsonl")).links();
    Link added = chain.get(chain.size() - 1);
    assertEquals(npub, added.key().encoded(), "the device signed the add link");

    SecretKey lent = SecretKey.generate(Algorithm.NOSTR);
    device.env.put("KEZ_NOSTR_NSEC", lent.toNsec());
    String other = "nostr:" + lent.publicKey().encoded();
    Cli.Result borrowed = device.run(concat(new String[] {"publish", other}, net));
    assertEquals(0, borrowed.code(), borrowed::toString);
    assertFalse(borrowed.out().contains(lent.toNsec()) || borrowed.err().contains(lent.toNsec()));
    assertEquals(
        npub,
        ChainStore.open(device.home.resolve("sigchain.jsonl"))
            .state()
            .accounts()
            .get(dev.kez.core.claim.Account.parse(other))
            .claim()
            .key()
            .encoded());

    Cli.Result gone = device.run(concat(new String[] {"unpublish", "nostr:" + npub}, net));
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
  void apTwiceIsOneStatusAndAFailureMidwaySaysWhatItLeft() throws Exception {
    cli.env.put("KEZ_AP_TOKEN", "ap-token-Zq3v8RkL0pX2");
    String[] net = {"--endpoint", "AP_WEB=" + ap.base(), "--allow-private"};
    String[] publish = concat(new String[] {"publish", "ap:alice@social.example"}, net);
    assertEquals(0, run(publish).code());
    Cli.Result again = run(concat(publish, "--json"));
    assertEquals(0, again.code(), again::toString);
    assertTrue(again.json().path("report").toString().contains("kept the status"), again::toString);
    assertEquals(1, links());
    assertEquals(1, apProofStatuses(), "one proof status");

    // a token that may set profile fields but not delete statuses: the field is set, then the
    // earlier status cannot go; the refusal says what it left, and the chain gets no link
    cli.env.put("KEZ_AP_TOKEN", "ap-profile-only-token");
    Cli.Result midway =
        run(concat(publish, "--where", "profile", "--note", "a new claim, so a new link"));
    assertEquals(ExitCode.FAILED, midway.code(), midway::toString);
    assertEquals(1, midway.err().lines().count(), midway::toString);
    assertTrue(
        midway.err().contains("HTTP 403")
            && midway.err().contains("changed before that, and left so: set the profile field kez")
            && midway.err().contains("your sigchain is unchanged"),
        midway.err());
    assertEquals(1, links());
    assertEquals(1, apProofStatuses(), "the status it could not delete");
    assertTrue(apClaims().get(0).note().isPresent(), "the field it reported setting");

    cli.env.put("KEZ_AP_TOKEN", "ap-token-Zq3v8RkL0pX2");
    Cli.Result gone = run(concat(new String[] {"unpublish", "ap:alice@social.example"}, net));
    assertEquals(0, gone.code(), gone::toString);
    assertEquals(0, apProofStatuses());
    assertEquals(0, apClaims().size());
    // ap hosts no chain: a stranger asking about the account alone finds no proof (§10.5)
    assertEquals("not_found", stranger(concat(new String[] {"ap:alice@social.example"}, net)));
  }

  /** {@code kez verify id} by someone with no local state. */
  private String stranger(String... accountAndNet) {
    Cli s = new Cli(dir.resolve("stranger"));
    s.clock = Clock.systemUTC();
    Cli.Result r = s.run(concat(concat(new String[] {"verify", "id"}, accountAndNet), "--json"));
    return r.json().path("status").asText();
  }

  private static List<Claim> dnsClaims(String domain) {
    var found =
        new DnsChannel()
            .fetch(
                dev.kez.core.claim.Account.parse("dns:" + domain),
                new ChannelContext(
                    Map.of(),
                    bind.address(),
                    List.of(),
                    Duration.ofSeconds(5),
                    true,
                    Clock.systemUTC()));
    return found instanceof ProofLookup.Found f ? f.claims() : List.of();
  }

  private static List<Claim> apClaims() {
    var found =
        new ActivityPubChannel()
            .fetch(
                dev.kez.core.claim.Account.parse("ap:alice@social.example"),
                new ChannelContext(
                    Map.of("AP_WEB", ap.base()),
                    null,
                    List.of(),
                    Duration.ofSeconds(5),
                    true,
                    Clock.systemUTC()));
    return found instanceof ProofLookup.Found f ? f.claims() : List.of();
  }

  /** Statuses holding a kez claim, as the instance's client API lists them. */
  private static long apProofStatuses() throws Exception {
    var r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(ap.base() + "/api/v1/accounts/1/statuses"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    List<Boolean> proofs = new ArrayList<>();
    dev.kez.core.json.Json.parse(r.body())
        .forEach(st -> proofs.add(st.path("content").asText().contains("kez")));
    return proofs.stream().filter(b -> b).count();
  }

  /** The proof events (kind 30078) of the key the relay holds. */
  private static long proofEvents(SecretKey key) {
    String hex = ((NostrPublicKey) key.publicKey()).hex();
    String req = "[\"REQ\",\"count\",{\"kinds\":[30078],\"authors\":[\"" + hex + "\"]}]";
    RelayClient.Exchange x =
        RelayClient.exchange(
                relay.url(),
                List.of(req),
                m -> m.get(0).asText().equals("EOSE"),
                null,
                Duration.ofSeconds(5),
                true,
                Clock.systemUTC())
            .join();
    assertTrue(x.ok(), x::toString);
    return x.messages().stream().filter(m -> m.get(0).asText().equals("EVENT")).count();
  }

  private static int closedPort() throws Exception {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
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
