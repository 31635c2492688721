package dev.kez.bench;

import static dev.kez.channels.http.TestServer.fixture;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.ap.ActivityPubChannel;
import dev.kez.channels.bluesky.AuthorFeed;
import dev.kez.channels.bluesky.BlueskyChannel;
import dev.kez.channels.dns.DnsChannel;
import dev.kez.channels.github.GitHubChannel;
import dev.kez.channels.http.TestServer;
import dev.kez.channels.http.TxtResponder;
import dev.kez.channels.identity.IdentityGraph;
import dev.kez.channels.identity.IdentityVerifier;
import dev.kez.channels.identity.World;
import dev.kez.channels.nostr.NostrChannel;
import dev.kez.channels.nostr.NostrRelayServer;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainVerifier;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.Links;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.nostr.NostrEvent;
import dev.kez.core.status.Status;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code verify id} of an identity whose accounts are spread round-robin over the five channels,
 * every double (HTTP for github/ap/bluesky, dnsjava for dns and bluesky's handle TXT, the npm relay
 * for nostr) answering each request after a fixed delay. Reports the whole identity's wall time as
 * a ratio to the slowest single account's {@code verify id} (one account per channel, alone), in
 * alternating rounds: about 1 when the fetches run concurrently, about N when they run one after
 * another. Target: at most 1.5 (issue 4). Usage: FanOutBench [accounts=50] [delayMs=300] [rounds=5]
 */
public final class FanOutBench {
  static final long T0 = 1764150000;
  static final Instant NOW = Instant.ofEpochSecond(T0 + 86400);
  static final List<Account.Channel> CHANNELS =
      List.of(
          Account.Channel.GITHUB,
          Account.Channel.AP,
          Account.Channel.BLUESKY,
          Account.Channel.DNS,
          Account.Channel.NOSTR);

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    long delay = args.length > 1 ? Long.parseLong(args[1]) : 300;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    SecretKey key = SecretKey.generate(Algorithm.ED25519);
    ChainVerifier chain = ChainVerifier.start(Clock.fixed(NOW, ZoneOffset.UTC));
    List<Link> links = new ArrayList<>();
    List<Account> accounts = new ArrayList<>();
    Map<String, List<List<String>>> txt = new HashMap<>();
    List<NostrEvent> events = new ArrayList<>();
    TestServer http = TestServer.start();
    for (int i = 0; i < n; i++) {
      Account.Channel ch = CHANNELS.get(i % CHANNELS.size());
      SecretKey nostrKey = ch == Account.Channel.NOSTR ? SecretKey.generate(Algorithm.NOSTR) : null;
      Account a =
          Account.parse(
              switch (ch) {
                case GITHUB -> "github:user" + i;
                case AP -> "ap:user" + i + "@social.test";
                case BLUESKY -> "bluesky:user" + i + ".bsky.test";
                case DNS -> "dns:user" + i + ".test";
                default -> "nostr:" + nostrKey.publicKey().encoded();
              });
      Claim c = Claim.builder(a).createdAt(T0).sign(key);
      Link l = Links.add(chain.state(), c, key, T0 + 60L * (i + 1));
      chain.append(l);
      links.add(l);
      accounts.add(a);
      publish(http, delay, txt, events, a, c, i, nostrKey);
    }
    Path chainFile = Files.createTempFile("kez-fanout", ".jsonl");
    Files.writeString(chainFile, Bundle.toString(links));
    try (http;
        TxtResponder dns = new TxtResponder(txt, delay);
        NostrRelayServer relay = NostrRelayServer.slow(events, delay)) {
      ChannelContext ctx =
          new ChannelContext(
              Map.of(
                  "GITHUB_API",
                  http.base(),
                  "AP_WEB",
                  http.base(),
                  "BLUESKY_APPVIEW",
                  http.base(),
                  "BLUESKY_PLC",
                  http.base() + "/plc"),
              dns.address(),
              List.of(relay.url()),
              Duration.ofSeconds(30),
              true,
              Clock.fixed(NOW, ZoneOffset.UTC));
      IdentityVerifier v =
          IdentityVerifier.of(
              List.of(
                  new GitHubChannel(null),
                  new ActivityPubChannel(),
                  new BlueskyChannel(),
                  new DnsChannel(),
                  new NostrChannel()));
      Account subject = accounts.get(0);
      var whole = new IdentityVerifier.Options(ctx, List.of(chainFile), List.of(), NOW, s -> {});
      var alone = new IdentityVerifier.Options(ctx, List.of(), List.of(), NOW, s -> {});
      Map<Account.Channel, Account> singles = new LinkedHashMap<>();
      for (Account a : accounts) singles.putIfAbsent(a.channel(), a);

      System.out.printf(
          "%d accounts over %s, every answer after %d ms; %d rounds after a warm-up (%d cores, load %.2f)%n",
          n,
          singles.keySet(),
          delay,
          rounds,
          Runtime.getRuntime().availableProcessors(),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      check(
          v.verify(subject, whole),
          n); // warm-up: class loading, connections, JIT of the verifier's paths
      for (Account a : singles.values()) check(v.verify(a, alone), 1);

      long[] wholeMs = new long[rounds];
      long[] slowestMs = new long[rounds];
      double[] ratios = new double[rounds];
      long[] serialMs = new long[rounds];
      long[] cpuMs = new long[rounds];
      var os =
          (com.sun.management.OperatingSystemMXBean)
              java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      int peak = 0;
      for (int r = 0; r < rounds; r++) {
        StringBuilder line = new StringBuilder();
        String slowest = null;
        for (Account a : singles.values()) {
          long t = timed(() -> check(v.verify(a, alone), 1));
          line.append(String.format(" %s %d ms,", a.channel().prefix(), t));
          serialMs[r] += t * accounts.stream().filter(x -> x.channel() == a.channel()).count();
          if (t > slowestMs[r]) {
            slowestMs[r] = t;
            slowest = a.channel().prefix();
          }
        }
        http.resetPeak();
        long cpu0 = os.getProcessCpuTime();
        wholeMs[r] = timed(() -> check(v.verify(subject, whole), n));
        cpuMs[r] = (os.getProcessCpuTime() - cpu0) / 1_000_000;
        peak = Math.max(peak, http.peakInFlight());
        ratios[r] = (double) wholeMs[r] / slowestMs[r];
        System.out.printf(
            "round %d: alone:%s slowest %s; whole identity %d ms (CPU %d ms); ratio %.2f%n",
            r + 1, line, slowest, wholeMs[r], cpuMs[r], ratios[r]);
      }
      Arrays.sort(serialMs);
      Arrays.sort(wholeMs);
      Arrays.sort(slowestMs);
      Arrays.sort(ratios);
      System.out.printf(
          "HTTP double: up to %d requests in flight at once; one account after another would take about %d ms (ratio %.1f)%n",
          peak, serialMs[rounds / 2], (double) serialMs[rounds / 2] / slowestMs[rounds / 2]);
      System.out.printf(
          "fanout: %d accounts, %d ms per answer: whole identity min %d / median %d ms; slowest single account min %d / median %d ms;"
              + " ratio median %.2f (best %.2f, worst %.2f); target <= 1.5%n",
          n,
          delay,
          wholeMs[0],
          wholeMs[rounds / 2],
          slowestMs[0],
          slowestMs[rounds / 2],
          ratios[rounds / 2],
          ratios[0],
          ratios[rounds - 1]);
    } finally {
      Files.deleteIfExists(chainFile);
    }
  }

  private static void publish(
      TestServer s,
      long delay,
      Map<String, List<List<String>>> txt,
      List<NostrEvent> events,
      Account a,
      Claim c,
      int i,
      SecretKey nostrKey) {
    switch (a.channel()) {
      case GITHUB, AP -> World.publishSlowly(s, a, c, delay);
      case BLUESKY -> {
        // a did:plc is 24 base32 letters
        String did =
            "did:plc:fanout" + "a".repeat(16) + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26);
        txt.put("_atproto." + a.id(), List.of(List.of("did=" + did)));
        World.slow(
            s,
            delay,
            "/plc/" + did,
            "application/json",
            fixture("bluesky/did-plc.json", Map.of("did", did, "handle", a.id())));
        World.slow(
            s,
            delay,
            "/xrpc/app.bsky.feed.getAuthorFeed?actor="
                + URLEncoder.encode(did, StandardCharsets.UTF_8)
                + "&limit=100",
            "application/json",
            AuthorFeed.of(did, a.id(), "kez proof " + c.canonicalJson()));
      }
      case DNS -> txt.put(DnsChannel.recordName(a), List.of(ClaimCodec.txtStrings(c)));
      default -> events.add(NostrChannel.proofEvent(nostrKey, c, T0));
    }
  }

  /**
   * Fails the run unless the subject and all of the expected accounts are valid: a fast wrong
   * answer proves nothing.
   */
  private static void check(IdentityGraph g, int accounts) {
    if (g.verdict().status() != Status.VALID)
      throw new IllegalStateException(g.subject() + ": " + g.verdict().reason());
    if (g.accounts().size() != accounts)
      throw new IllegalStateException(g.accounts().size() + " accounts, not " + accounts);
    for (var a : g.accounts()) {
      if (a.verdict().status() != Status.VALID)
        throw new IllegalStateException(a.account() + ": " + a.verdict().reason());
    }
  }

  private static long timed(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
