package dev.kez.cli.e2e;

import static dev.kez.channels.http.TestServer.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.channels.ap.ApActor;
import dev.kez.channels.bluesky.AuthorFeed;
import dev.kez.channels.dns.DnsmasqServer;
import dev.kez.channels.http.TestServer;
import dev.kez.channels.nostr.NostrChannel;
import dev.kez.channels.nostr.NostrPublisher;
import dev.kez.channels.nostr.NostrRelayServer;
import dev.kez.cli.Cli;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end scenario of the channels issue, through the real {@code kez} command in-process:
 * alice makes an identity, claims five accounts (one per channel) with {@code kez sigchain add},
 * publishes each proof where a person would (a gist, a TXT record, a nostr event, a Bluesky post, a
 * Mastodon profile field) on loopback doubles of the real services, and {@code kez verify id} on
 * any of the five draws the whole graph. Each test then breaks one thing in a fresh world (a proof
 * deleted, a proof tampered, an account revoked, a channel down) and checks the typed failure and
 * the exit code. TUTORIAL.md §7 walks through the same steps by hand.
 */
class FiveChannelScenarioTest {
  static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
  static final String GIST = "aa5a315d61ae9438b18d";
  static final Account DNS = Account.parse("dns:alice.example");
  static final Account GITHUB = Account.parse("github:alice");
  static final Account BLUESKY = Account.parse("bluesky:alice.example");
  static final Account AP = Account.parse("ap:alice@social.example");

  @TempDir Path dir;
  private final Map<String, String> env = new HashMap<>();

  /**
   * When alice claims her accounts; verifying happens a minute later. Real time: the relay judges
   * event times.
   */
  private final long t0 = Instant.now().getEpochSecond();

  private Clock clock = Clock.fixed(Instant.ofEpochSecond(t0), ZoneOffset.UTC);

  // The doubles: one per service, so one can go down alone.
  private final TestServer github = TestServer.start();
  private final TestServer bluesky = TestServer.start();
  private final TestServer mastodon = TestServer.start();
  private NostrRelayServer relay;
  private String relayUrl;
  private DnsmasqServer dns;

  /** Her second nostr identity (a nostr account is its own key, distinct from the primary). */
  private final SecretKey nostrKey = SecretKey.generate(Algorithm.NOSTR);

  private Account nostr;
  private String primary;
  private final Map<Account, String> proofs = new LinkedHashMap<>();
  private Path chain;
  private List<String> txtRecords;

  private Cli.Result kez(String... args) {
    Cli cli = new Cli(Path.of(env.get("KEZ_HOME")));
    cli.env.putAll(env);
    cli.clock = clock;
    return cli.run(args);
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = kez(args);
    assertEquals(0, r.code(), () -> String.join(" ", args) + "\n" + r);
    return r;
  }

  @BeforeEach
  void aliceClaimsFiveAccountsAndPublishesTheProofs() throws Exception {
    env.put("KEZ_HOME", dir.resolve("home").toString());
    relay = NostrRelayServer.start();
    relayUrl = relay.url();
    nostr = Account.parse("nostr:" + nostrKey.publicKey().encoded());

    // 1. An identity, and five claims in her sigchain; each add prints the proof to publish.
    primary = ok("identity", "new").out().strip();
    int i = 0;
    for (Account a : List.of(DNS, GITHUB, nostr, BLUESKY, AP)) {
      List<String> args =
          new ArrayList<>(
              List.of("sigchain", "add", a.toString(), "--created-at", Long.toString(t0 + i++)));
      if (a == BLUESKY || a == AP)
        args.addAll(List.of("--format", "compact")); // one token, for a post or a profile field
      proofs.put(a, ok(args.toArray(String[]::new)).out().strip());
    }
    chain = dir.resolve("alice.jsonl");
    exportChain();

    // 2. Publish each proof as a person would.
    // DNS: the printed zone line, as TXT character-strings, in the zone (with bluesky's _atproto
    // record).
    Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(proofs.get(DNS));
    txtRecords = new ArrayList<>();
    while (m.find()) txtRecords.add(m.group(1));
    assertTrue(
        proofs.get(DNS).startsWith("_kez.alice.example. ") && !txtRecords.isEmpty(),
        proofs.get(DNS));
    dns = startDns(txtRecords);
    // GitHub: a public gist with kez.md (the Markdown proof) and kez-sigchain.jsonl (the chain).
    github.route(
        "/raw/alice/" + GIST + "/raw/kez.md", 200, "text/plain; charset=utf-8", proofs.get(GITHUB));
    publishGist(true);
    // nostr: a kind-30078 event authored by the nostr account's key, content the claim signed by
    // the primary.
    var event = NostrChannel.proofEvent(nostrKey, Claim.parse(proofs.get(nostr)), t0);
    var sent = NostrPublisher.publish(event, List.of(relayUrl), Duration.ofSeconds(10), true);
    assertTrue(sent.get(0).accepted(), sent.toString());
    // Bluesky: the DID document names the handle back; her post holds the compact proof.
    bluesky.json(
        "/plc/" + DID,
        fixture("bluesky/did-plc.json", Map.of("did", DID, "handle", "alice.example")));
    postOnBluesky(proofs.get(BLUESKY));
    // Mastodon: WebFinger, and the actor document with the proof in a profile field.
    Map<String, String> actor =
        ApActor.at("social.example", "alice", "<p>Alice. Keys, mostly.</p>", proofs.get(AP), "");
    mastodon.route(
        "/.well-known/webfinger?resource=acct%3Aalice%40social.example",
        200, "application/jrd+json", fixture("ap/webfinger.json", actor));
    mastodon.route(
        "/users/alice", 200, "application/activity+json", fixture("ap/actor.json", actor));
    clock =
        Clock.fixed(
            Instant.ofEpochSecond(t0 + 60), ZoneOffset.UTC); // a minute later, someone looks her up
  }

  @AfterEach
  void stop() throws Exception {
    github.close();
    bluesky.close();
    mastodon.close();
    if (relay != null) relay.close();
    if (dns != null) dns.close();
  }

  // ---- the scenario -------------------------------------------------------------------

  @Test
  void verifyingAnyOfTheFiveShowsTheWholeGraph() {
    List<Account> all = List.of(DNS, GITHUB, nostr, BLUESKY, AP);
    for (Account asked : all) {
      Cli.Result r = verify(asked, "--json");
      assertEquals(0, r.code(), r.toString());
      JsonNode j = r.json();
      assertEquals("valid", j.get("status").asText(), r.toString());
      assertEquals(asked.toString(), j.get("account").asText());
      assertEquals(primary, j.get("chain").get("id").asText());
      assertEquals("valid", j.get("chain").get("status").asText());
      assertEquals(5, j.get("chain").get("length").asInt());
      assertEquals(primary, keyOfRole(j, "primary"), j.toString());
      Map<String, String> statuses = statuses(j);
      assertEquals(expected(all, Map.of()), statuses, r.toString());
      for (JsonNode a : j.get("accounts")) {
        assertEquals(
            primary,
            a.get("key").asText(),
            a.toString()); // every claim signed by the primary, the nostr one too
        assertEquals(
            a.get("account").asText().equals(asked.toString()), a.get("asked").asBoolean());
        assertTrue(a.get("location").isTextual(), a.toString());
      }
    }
    // The chain is also found with no --chain at all: in the gist of the github account asked
    // about.
    Cli.Result gistOnly = kez(withEndpoints(GITHUB, false, "--json"));
    assertEquals(0, gistOnly.code(), gistOnly.toString());
    assertEquals(expected(all, Map.of()), statuses(gistOnly.json()));
    assertEquals(
        "github:alice/kez-sigchain.jsonl",
        gistOnly.json().get("chain").get("sources").get(0).get("origin").asText());

    // The human table names every account and its status; the DOT drawing every account.
    Cli.Result table = verify(nostr);
    assertEquals(0, table.code(), table.toString());
    assertTrue(table.out().startsWith(nostr + ": valid"), table.out());
    for (Account a : all)
      assertTrue(
          Pattern.compile("(?m)^  valid\\s+" + Pattern.quote(a.toString()))
              .matcher(table.out())
              .find(),
          table.out());
    assertTrue(table.out().contains(primary), table.out());
    Cli.Result dot = verify(AP, "--dot");
    assertEquals(0, dot.code(), dot.toString());
    assertTrue(dot.out().startsWith("digraph kez {"), dot.out());
    for (Account a : all)
      assertTrue(dot.out().contains(a.toString()), a + " missing in\n" + dot.out());
  }

  @Test
  void aDeletedProofIsNotFound() {
    publishGist(false); // alice deletes her kez.md from the gist; the chain file stays
    Cli.Result r = verify(GITHUB, "--json");
    assertEquals(1, r.code(), r.toString());
    assertEquals("not_found", r.json().get("status").asText(), r.toString());
    assertTrue(r.json().get("reason").asText().contains("kez*.md"), r.toString());
    // From any other account the graph still stands, with github not_found and no retry advice.
    Cli.Result fromDns = verify(DNS, "--json");
    assertEquals(0, fromDns.code(), fromDns.toString());
    assertEquals(
        expected(List.of(DNS, GITHUB, nostr, BLUESKY, AP), Map.of(GITHUB, "not_found")),
        statuses(fromDns.json()));
    assertTrue(account(fromDns.json(), GITHUB).get("retryable").isNull());
  }

  @Test
  void aTamperedProofIsInvalid() throws Exception {
    // One character of the TXT record changed (someone with access to the zone, or a broken
    // resolver).
    List<String> tampered = new ArrayList<>(txtRecords);
    String s = tampered.get(0);
    int at = s.length() / 2;
    tampered.set(0, s.substring(0, at) + (s.charAt(at) == 'A' ? 'B' : 'A') + s.substring(at + 1));
    restartDns(tampered);
    Cli.Result r = verify(DNS, "--json");
    assertEquals(1, r.code(), r.toString());
    assertEquals("invalid", r.json().get("status").asText(), r.toString());
    Cli.Result fromBluesky =
        verify(BLUESKY, "--json"); // bluesky resolves its handle on the same DNS server: still fine
    assertEquals(0, fromBluesky.code(), fromBluesky.toString());
    assertEquals(
        expected(List.of(DNS, GITHUB, nostr, BLUESKY, AP), Map.of(DNS, "invalid")),
        statuses(fromBluesky.json()));

    // A claim edited in place (her Bluesky post now says another created_at): the signature fails.
    Claim c = ClaimCodec.decode(proofs.get(BLUESKY)).claim();
    postOnBluesky(
        c.canonicalJson().replace("\"created_at\":" + (t0 + 3), "\"created_at\":" + (t0 - 86400)));
    Cli.Result edited = verify(BLUESKY, "--json");
    assertEquals(1, edited.code(), edited.toString());
    assertEquals("invalid", edited.json().get("status").asText(), edited.toString());
    assertTrue(edited.json().get("reason").asText().contains("signature"), edited.toString());
  }

  @Test
  void aRevokedAccountIsRevokedEvenWithItsProofStillUp() throws Exception {
    Path old = Files.copy(chain, dir.resolve("old.jsonl")); // a copy someone made before the revoke
    ok("sigchain", "revoke", BLUESKY.toString());
    exportChain(); // and the gist's kez-sigchain.jsonl, re-published with it
    Cli.Result r = verify(BLUESKY, "--json");
    assertEquals(1, r.code(), r.toString());
    assertEquals("revoked", r.json().get("status").asText(), r.toString());
    assertEquals(6, r.json().get("chain").get("length").asInt());
    Cli.Result fromGithub = verify(GITHUB, "--json");
    assertEquals(0, fromGithub.code(), fromGithub.toString());
    assertEquals(
        expected(List.of(DNS, GITHUB, nostr, BLUESKY, AP), Map.of(BLUESKY, "revoked")),
        statuses(fromGithub.json()));
    // Verified from a chain copy made before the revoke (the gist has the newer one): still
    // revoked, not a fork.
    Cli.Result stale = kez(withEndpoints(GITHUB, false, "--json", "--chain", old.toString()));
    assertEquals(0, stale.code(), stale.toString());
    assertEquals(
        "revoked", account(stale.json(), BLUESKY).get("status").asText(), stale.toString());
  }

  @Test
  void aChannelDownIsUnreachableWithItsCause() throws Exception {
    mastodon.close(); // social.example is down: connections refused
    Cli.Result r = verify(AP, "--json");
    assertEquals(3, r.code(), r.toString());
    JsonNode ap = account(r.json(), AP);
    assertEquals("unreachable", ap.get("status").asText(), r.toString());
    assertTrue(ap.get("retryable").asBoolean(), r.toString());
    assertFalse(ap.get("reason").asText().isBlank(), r.toString());
    Cli.Result table = verify(AP);
    assertEquals(3, table.code(), table.toString());
    assertTrue(table.out().contains("(may succeed later)"), table.out());

    relay.close(); // and the only nostr relay too (same address, nothing listening now)
    relay = null;
    Cli.Result fromGithub = verify(GITHUB, "--json");
    assertEquals(0, fromGithub.code(), fromGithub.toString());
    assertEquals(
        expected(
            List.of(DNS, GITHUB, nostr, BLUESKY, AP),
            Map.of(AP, "unreachable", nostr, "unreachable")),
        statuses(fromGithub.json()));
    JsonNode n = account(fromGithub.json(), nostr);
    assertTrue(n.get("reason").asText().startsWith("no relay answered"), n.toString());
    assertTrue(n.get("retryable").asBoolean(), n.toString());
    Cli.Result asked = verify(nostr, "--json");
    assertEquals(3, asked.code(), asked.toString());
  }

  // ---- the world ----------------------------------------------------------------------

  /** {@code kez verify id ACCOUNT --chain alice.jsonl} with every endpoint on the doubles. */
  private Cli.Result verify(Account account, String... more) {
    return kez(withEndpoints(account, true, more));
  }

  private String[] withEndpoints(Account account, boolean withChain, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify",
                "id",
                account.toString(),
                "--endpoint",
                "GITHUB_API=" + github.base(),
                "--endpoint",
                "BLUESKY_APPVIEW=" + bluesky.base(),
                "--endpoint",
                "BLUESKY_PLC=" + bluesky.base() + "/plc",
                "--endpoint",
                "AP_WEB=" + mastodon.base(),
                "--dns-server",
                dns.address(),
                "--allow-private",
                "--timeout",
                "5s"));
    args.addAll(List.of("--relay", relayUrl));
    if (withChain) args.addAll(List.of("--chain", chain.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private void exportChain() throws Exception {
    Files.writeString(chain, ok("sigchain", "export").out());
    github.route(
        "/raw/alice/" + GIST + "/raw/kez-sigchain.jsonl",
        200,
        "text/plain; charset=utf-8",
        Files.readString(chain));
  }

  /**
   * Her one public gist: kez.md (when {@code withProof}) and kez-sigchain.jsonl, as GitHub lists
   * it.
   */
  private void publishGist(boolean withProof) {
    ArrayNode list =
        (ArrayNode)
            Json.parse(
                fixture(
                    "github/gists.json",
                    Map.of(
                        "base",
                        github.base(),
                        "owner",
                        "alice",
                        "file",
                        "kez.md",
                        "public",
                        "true")));
    ObjectNode files = (ObjectNode) list.get(0).get("files");
    if (!withProof) files.remove("kez.md");
    files
        .putObject("kez-sigchain.jsonl")
        .put("filename", "kez-sigchain.jsonl")
        .put("type", "text/plain")
        .put("raw_url", github.base() + "/raw/alice/" + GIST + "/raw/kez-sigchain.jsonl");
    github.json("/users/alice/gists?per_page=100", Json.write(list));
  }

  private void postOnBluesky(String text) {
    bluesky.json(
        "/xrpc/app.bsky.feed.getAuthorFeed?actor=" + DID.replace(":", "%3A") + "&limit=100",
        AuthorFeed.of(DID, "alice.example", text));
  }

  /** dnsmasq serving alice.example: her _kez TXT and bluesky's _atproto record. */
  private static DnsmasqServer startDns(List<String> kezTxt) throws Exception {
    String quoted = String.join(",", kezTxt.stream().map(s -> "\"" + s + "\"").toList());
    return DnsmasqServer.start(
        List.of(
            "local=/example/",
            "txt-record=_kez.alice.example," + quoted,
            "txt-record=_atproto.alice.example,\"did=" + DID + "\""));
  }

  private void restartDns(List<String> kezTxt) throws Exception {
    dns.close();
    dns = startDns(kezTxt);
  }

  // ---- reading results ----------------------------------------------------------------

  static Map<String, String> statuses(JsonNode j) {
    Map<String, String> m = new HashMap<>();
    for (JsonNode a : j.get("accounts")) m.put(a.get("account").asText(), a.get("status").asText());
    return m;
  }

  static Map<String, String> expected(List<Account> all, Map<Account, String> except) {
    Map<String, String> m = new HashMap<>();
    for (Account a : all) m.put(a.toString(), except.getOrDefault(a, "valid"));
    return m;
  }

  static JsonNode account(JsonNode j, Account a) {
    for (JsonNode n : j.get("accounts"))
      if (n.get("account").asText().equals(a.toString())) return n;
    throw new AssertionError(a + " not in " + j);
  }

  static String keyOfRole(JsonNode j, String role) {
    for (JsonNode k : j.get("keys"))
      if (k.get("role").asText().equals(role)) return k.get("key").asText();
    return null;
  }
}
