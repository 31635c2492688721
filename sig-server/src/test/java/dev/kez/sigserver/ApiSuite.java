package dev.kez.sigserver;

import static dev.kez.server.testing.Http.chain;
import static dev.kez.server.testing.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainState;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.Links;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.crypto.Signing;
import dev.kez.core.json.Jcs;
import dev.kez.core.json.Json;
import dev.kez.core.testing.Vectors;
import dev.kez.server.HttpServer;
import dev.kez.server.testing.Http;
import dev.kez.sigserver.testing.TestChain;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API contract, through a real HTTP client against a real server and database. Runs once per
 * backend (see the subclasses): the same assertions must hold on SQLite and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiSuite {
  static final int MAX_LINKS = 40;
  static final int MAX_BODY = 1 << 20;

  HttpServer server;
  Http http;

  /** A JDBC URL of a fresh, empty database. */
  abstract String newDatabase() throws Exception;

  @BeforeAll
  void start() throws Exception {
    server =
        SigServer.start(
            Config.onLoopback(
                newDatabase(),
                "--rate",
                "0",
                "--max-links",
                "" + MAX_LINKS,
                "--max-body",
                "" + MAX_BODY,
                "--access-log",
                "off"),
            null);
    http = new Http(server.uri());
  }

  @AfterAll
  void stop() {
    if (server != null) server.close();
  }

  /** The chain as the server returns it, with its head: what "unchanged" compares. */
  String snapshot(String name) {
    HttpResponse<String> r = http.get(chain(name));
    HttpResponse<String> f = http.get(chain(name) + "/forks");
    return r.statusCode()
        + "|"
        + r.headers().firstValue("ETag").orElse("")
        + "|"
        + r.body()
        + "|"
        + f.body();
  }

  static String jcs(JsonNode n) {
    return new String(Jcs.canonicalize(n), StandardCharsets.UTF_8);
  }

  void assertError(HttpResponse<String> r, int status, String error) {
    assertEquals(status, r.statusCode(), r.body());
    ObjectNode o = json(r);
    assertEquals(error, o.path("error").asText(), r.body());
    assertFalse(o.path("detail").asText().isBlank(), "detail must say why: " + r.body());
    assertFalse(o.path("detail").asText().contains("\n"), "one-line detail");
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
  }

  @Test
  void appendThenGetWithEtagTailAndHead() {
    TestChain c = new TestChain();
    c.add(3);
    assertEquals(404, http.get(chain(c.name())).statusCode());
    HttpResponse<String> r1 = http.post(chain(c.name()), c.jsonl(1, 1));
    assertEquals(201, r1.statusCode(), r1.body());
    assertEquals(1, json(r1).path("appended").asInt());
    HttpResponse<String> r2 = http.post(chain(c.name()), c.jsonl(2, 3));
    assertEquals(201, r2.statusCode(), r2.body());
    assertEquals(2, json(r2).path("appended").asInt());
    assertEquals(3, json(r2).path("head").path("seq").asLong());

    HttpResponse<String> g = http.get(chain(c.name()));
    assertEquals(200, g.statusCode());
    assertEquals(c.jsonl(), g.body(), "the bundle comes back byte for byte");
    assertEquals("application/x-ndjson", g.headers().firstValue("Content-Type").orElse(""));
    String etag = g.headers().firstValue("ETag").orElseThrow();
    assertEquals("\"" + c.state().head() + "\"", etag);

    HttpResponse<String> cached = http.get(chain(c.name()), "If-None-Match", etag);
    assertEquals(304, cached.statusCode());
    assertEquals("", cached.body());
    HttpResponse<String> other = http.get(chain(c.name()), "If-None-Match", "\"other\"");
    assertEquals(200, other.statusCode());
    assertEquals(c.jsonl(), other.body());

    // The read above left the bundle cached at seq 3: a read after an append extends it.
    c.add(1);
    assertEquals(201, http.post(chain(c.name()), c.jsonl(4, 4)).statusCode());
    HttpResponse<String> longer = http.get(chain(c.name()));
    assertEquals(c.jsonl(), longer.body(), "the cached bundle and the appended link");
    assertEquals("\"" + c.state().head() + "\"", longer.headers().firstValue("ETag").orElseThrow());
    assertEquals(c.jsonl(1, 4), http.get(chain(c.name())).body(), "read again from the cache");

    assertEquals(c.jsonl(2, 4), http.get(chain(c.name()) + "?after=1").body());
    HttpResponse<String> none = http.get(chain(c.name()) + "?after=4");
    assertEquals(200, none.statusCode());
    assertEquals("", none.body());
    assertError(http.get(chain(c.name()) + "?after=-1"), 400, "bad_request");
    assertError(http.get(chain(c.name()) + "?after=x"), 400, "bad_request");

    ObjectNode head = json(http.get(chain(c.name()) + "/head"));
    assertEquals(4, head.path("seq").asLong());
    assertEquals(c.state().head(), head.path("hash").asText());
    assertEquals(c.name(), head.path("primary_key").asText());

    ObjectNode forks = json(http.get(chain(c.name()) + "/forks"));
    assertEquals(0, forks.path("forks").size());
  }

  @Test
  void unknownThingsAre404AndBadNames400() {
    String unknown = SecretKey.generate(Algorithm.NOSTR).publicKey().encoded();
    assertError(http.get(chain(unknown)), 404, "not_found");
    assertError(http.get(chain(unknown) + "/head"), 404, "not_found");
    assertError(http.get(chain(unknown) + "/forks"), 404, "not_found");
    assertError(http.get("/v1/keys/" + unknown), 404, "not_found");
    assertError(http.get(chain("alice")), 400, "bad_chain");
    assertError(http.get("/v1/keys/npub1nope"), 400, "bad_key");
    assertError(http.get("/v2/nothing"), 404, "not_found");
    assertError(
        http.send(
            HttpRequest.newBuilder(http.base().resolve(chain(unknown)))
                .method("PUT", HttpRequest.BodyPublishers.ofString("x"))
                .build()),
        405,
        "method_not_allowed");
  }

  @Test
  void theVectorChainGoesInAndComesBackByteIdentical() throws IOException {
    String bundle = Vectors.text("chain-valid.jsonl");
    List<Link> links = new ArrayList<>();
    Bundle.read(new StringReader(bundle)).forEachRemaining(links::add);
    String name = links.get(0).key().encoded();
    if (http.get(chain(name)).statusCode() == 404) {
      HttpResponse<String> r = http.post(chain(name), bundle);
      assertEquals(201, r.statusCode(), r.body());
      assertEquals(links.size(), json(r).path("appended").asInt());
    }
    assertEquals(bundle, http.get(chain(name)).body());
    // Every key the chain ever brought in leads back to it.
    for (Link l : links) {
      for (String member : List.of("key", "new_key", "device_key")) {
        JsonNode k = l.toJson().get(member);
        if (k == null) continue;
        HttpResponse<String> r = http.get("/v1/keys/" + k.asText());
        assertEquals(200, r.statusCode(), member + " " + k.asText());
        assertEquals(name, json(r).path("chain").asText());
      }
    }
  }

  @Test
  void rotatedAndDeviceKeysLeadToTheChain() {
    TestChain c = new TestChain();
    c.add();
    SecretKey device = SecretKey.generate(Algorithm.ED25519);
    c.addDevice(device);
    c.rotate();
    assertEquals(201, http.post(chain(c.name()), c.jsonl()).statusCode());
    for (var e :
        Map.of(
                c.name(),
                "eldest",
                device.publicKey().encoded(),
                "device",
                c.primary().publicKey().encoded(),
                "primary")
            .entrySet()) {
      ObjectNode o = json(http.get("/v1/keys/" + e.getKey()));
      assertEquals(c.name(), o.path("chain").asText());
      assertEquals(e.getValue(), o.path("role").asText());
    }
    assertEquals(
        c.primary().publicKey().encoded(),
        json(http.get(chain(c.name()) + "/head")).path("primary_key").asText());
  }

  @Test
  void repostingStoredLinksIsANoOp() {
    TestChain c = new TestChain();
    c.add(4);
    assertEquals(201, http.post(chain(c.name()), c.jsonl()).statusCode());
    String before = snapshot(c.name());
    for (String body : List.of(c.jsonl(), c.jsonl(1, 1), c.jsonl(2, 3), c.jsonl(4, 4))) {
      HttpResponse<String> r = http.post(chain(c.name()), body);
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(0, json(r).path("appended").asInt());
      assertTrue(json(r).path("existing").asInt() > 0);
    }
    assertEquals(before, snapshot(c.name()));
    // Overlap: stored links then new ones appends only the new ones.
    c.add(2);
    HttpResponse<String> r = http.post(chain(c.name()), c.jsonl(3, 6));
    assertEquals(201, r.statusCode(), r.body());
    assertEquals(2, json(r).path("appended").asInt());
    assertEquals(2, json(r).path("existing").asInt());
    assertEquals(c.jsonl(), http.get(chain(c.name())).body());
  }

  @Test
  void aConflictingValidLinkIsAForkKeptAsEvidence() {
    TestChain c = new TestChain();
    c.add(2);
    assertEquals(201, http.post(chain(c.name()), c.jsonl()).statusCode());
    Link stored3 = c.nextAdd();
    Link other3 = c.nextAdd(); // same state, same seq 3, a different account: both valid
    c.accept(stored3);
    assertEquals(201, http.post(chain(c.name()), c.jsonl(3, 3)).statusCode());
    String before = http.get(chain(c.name())).body();

    HttpResponse<String> r = http.post(chain(c.name()), other3.canonicalJson() + "\n");
    assertEquals(409, r.statusCode(), r.body());
    ObjectNode o = json(r);
    assertEquals("fork", o.path("error").asText());
    assertEquals(3, o.path("seq").asLong());
    assertEquals(stored3.canonicalJson(), jcs(o.get("stored")));
    assertEquals(other3.canonicalJson(), jcs(o.get("posted")));
    assertEquals(before, http.get(chain(c.name())).body(), "the stored chain is unchanged");

    // The same conflicting link again: still a fork, still one piece of evidence.
    assertEquals(409, http.post(chain(c.name()), other3.canonicalJson() + "\n").statusCode());
    ObjectNode forks = json(http.get(chain(c.name()) + "/forks"));
    assertEquals(1, forks.path("forks").size(), forks.toString());
    JsonNode f = forks.path("forks").get(0);
    assertEquals(3, f.path("seq").asLong());
    assertEquals(stored3.canonicalJson(), jcs(f.get("stored")));
    assertEquals(other3.canonicalJson(), jcs(f.get("conflicting")));

    // The stored branch still grows.
    c.add();
    assertEquals(201, http.post(chain(c.name()), c.jsonl(4, 4)).statusCode());
  }

  /** The same link with some members changed, signed again by {@code signer}. */
  private static Link resigned(Link l, SecretKey signer, Consumer<ObjectNode> change) {
    ObjectNode o = l.toJson();
    change.accept(o);
    o.remove("sig");
    o.put("sig", Base64Url.encode(signer.sign(Signing.digest(o, "new_key_sig", "device_sig"))));
    return Link.parse(Json.write(o));
  }

  @Test
  void aConflictingLinkWithAnotherPrevOrAnEarlierTimeIsAForkToo() {
    // SPEC.md §6.7: prev and created_at are not part of the fork test.
    TestChain c = new TestChain();
    c.add(3);
    assertEquals(201, http.post(chain(c.name()), c.jsonl()).statusCode());
    Link stored3 = c.links().get(2);
    Link otherPrev = resigned(stored3, c.primary(), o -> o.put("prev", c.links().get(0).hash()));
    Link backdated = resigned(stored3, c.primary(), o -> o.put("created_at", 1L));
    for (Link posted : List.of(otherPrev, backdated)) {
      assertNotEquals(stored3, posted);
      HttpResponse<String> r = http.post(chain(c.name()), posted.canonicalJson() + "\n");
      assertEquals(409, r.statusCode(), r.body());
      assertEquals(posted.canonicalJson(), jcs(json(r).get("posted")));
    }
    assertEquals(2, json(http.get(chain(c.name()) + "/forks")).path("forks").size());
    assertEquals(c.jsonl(), http.get(chain(c.name())).body(), "the stored chain is unchanged");
  }

  @Test
  void aConflictingLinkThatIsNotValidlySignedIs422AndKeepsNoEvidence() {
    TestChain c = new TestChain();
    c.add(2);
    SecretKey old = c.primary();
    c.rotate(); // seq 3
    ChainState afterRotate = c.state();
    c.add(); // seq 4, by the new primary
    assertEquals(201, http.post(chain(c.name()), c.jsonl()).statusCode());
    Link stored4 = c.links().get(3);
    long t = stored4.createdAt();
    SecretKey stranger = SecretKey.generate(Algorithm.ED25519);
    List<Link> bad =
        List.of(
            // A signature that does not verify: refused on that alone, before any state is built.
            Link.parse(Json.write(stored4.toJson().put("created_at", t + 1))),
            // A key that never had authority in this chain.
            Links.add(
                afterRotate,
                Claim.builder(Account.parse("github:stranger")).createdAt(t).sign(stranger),
                stranger,
                t),
            // The rotated-away key: it had authority once, not at seq 4.
            Links.add(
                afterRotate,
                Claim.builder(Account.parse("github:oldkey")).createdAt(t).sign(old),
                old,
                t));
    for (Link posted : bad) {
      assertError(http.post(chain(c.name()), posted.canonicalJson() + "\n"), 422, "invalid_link");
    }
    assertEquals(0, json(http.get(chain(c.name()) + "/forks")).path("forks").size());
    assertEquals(c.jsonl(), http.get(chain(c.name())).body(), "the stored chain is unchanged");
  }

  @Test
  void aForkOfLinkOneIsAForkToo() {
    TestChain c = new TestChain();
    c.add();
    assertEquals(201, http.post(chain(c.name()), c.jsonl()).statusCode());
    // Another valid link 1 by the same eldest key.
    Link other1 =
        Links.add(
            ChainState.EMPTY,
            Claim.builder(Account.parse("github:twin")).createdAt(1).sign(c.primary()),
            c.primary(),
            1);
    assertNotEquals(c.links().get(0), other1);
    assertEquals(409, http.post(chain(c.name()), other1.canonicalJson() + "\n").statusCode());
    assertEquals(1, json(http.get(chain(c.name()) + "/forks")).path("forks").size());
  }

  @Test
  void malformedBodiesAre400AndChangeNothing() {
    TestChain c = new TestChain();
    c.add(2);
    assertEquals(201, http.post(chain(c.name()), c.jsonl(1, 1)).statusCode());
    String before = snapshot(c.name());
    String good2 = c.jsonl(2, 2);
    for (String body :
        List.of(
            "",
            "\n\n",
            "not json\n",
            "{}\n",
            "[1,2]\n",
            "{\"kez\":\"0.2\",\"type\":\"link\"}\n",
            good2 + "garbage\n",
            good2.replace("\"seq\":2", "\"seq\":2,\"seq\":2"),
            good2.substring(0, good2.length() / 2))) {
      HttpResponse<String> r = http.post(chain(c.name()), body);
      assertError(r, 400, "malformed");
    }
    byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, '{', '}', '\n'};
    assertError(http.post(chain(c.name()), notUtf8), 400, "malformed");
    assertEquals(before, snapshot(c.name()));
  }

  @Test
  void aLinkForAnotherChainIsRefused() {
    TestChain a = new TestChain();
    TestChain b = new TestChain();
    a.add();
    b.add(2);
    assertEquals(201, http.post(chain(a.name()), a.jsonl()).statusCode());
    String before = snapshot(a.name());
    assertError(http.post(chain(a.name()), b.jsonl(1, 1)), 400, "wrong_chain");
    assertError(http.post(chain(b.name()), a.jsonl(1, 1)), 400, "wrong_chain");
    // b's link 2 does not extend a's link 1.
    assertError(http.post(chain(a.name()), b.jsonl(2, 2)), 422, "invalid_link");
    assertEquals(before, snapshot(a.name()));
    assertEquals(404, http.get(chain(b.name())).statusCode());
  }

  @Test
  void outOfOrderSeqsAre422() {
    TestChain c = new TestChain();
    c.add(4);
    assertEquals(201, http.post(chain(c.name()), c.jsonl(1, 1)).statusCode());
    String before = snapshot(c.name());
    assertError(http.post(chain(c.name()), c.jsonl(3, 3)), 422, "out_of_order"); // a gap
    assertError(http.post(chain(c.name()), c.jsonl(3, 3) + c.jsonl(2, 2)), 422, "out_of_order");
    assertError(http.post(chain(c.name()), c.jsonl(2, 2) + c.jsonl(4, 4)), 422, "out_of_order");
    assertError(http.post(chain(c.name()), c.jsonl(2, 2) + c.jsonl(2, 2)), 422, "out_of_order");
    assertEquals(before, snapshot(c.name()));
    TestChain fresh = new TestChain();
    fresh.add(2);
    assertError(http.post(chain(fresh.name()), fresh.jsonl(2, 2)), 422, "out_of_order");
    assertEquals(404, http.get(chain(fresh.name())).statusCode());
  }

  @Test
  void bodiesAreReadAsStrictBundlesNamingTheLine() {
    // SPEC.md §7 through the one bundle reader: CRLF, blank lines, other JSON forms and a
    // missing last newline are 400 naming the line; swapped lines are out of order (issue 15 §6,
    // issue 10 §8)
    TestChain c = new TestChain();
    c.add(3);
    assertEquals(201, http.post(chain(c.name()), c.jsonl(1, 1)).statusCode());
    String before = snapshot(c.name());
    String two = c.jsonl(2, 2);
    String three = c.jsonl(3, 3);
    String spaced = Json.writePretty(Json.parseObject(two)).replace("\n", "") + "\n";
    for (String[] bad :
        new String[][] {
          {two.replace("\n", "\r\n") + three, "line 1"}, {two + "\n" + three, "line 2"},
          {two + spaced.replace("\"seq\": 2", "\"seq\": 3"), "line 2"}, {spaced, "line 1"},
          {two + three.substring(0, three.length() - 1), "line 2"}
        }) {
      HttpResponse<String> r = http.post(chain(c.name()), bad[0]);
      assertError(r, 400, "malformed");
      assertTrue(json(r).path("detail").asText().contains(bad[1]), r.body());
    }
    HttpResponse<String> swapped = http.post(chain(c.name()), three + two);
    assertError(swapped, 422, "out_of_order");
    assertTrue(json(swapped).path("detail").asText().contains("line 2"), swapped.body());
    assertEquals(before, snapshot(c.name()));
    assertEquals(201, http.post(chain(c.name()), two + three).statusCode());
  }

  @Test
  void badSignaturesAre422AndChangeNothing() {
    TestChain c = new TestChain();
    c.add();
    assertEquals(201, http.post(chain(c.name()), c.jsonl(1, 1)).statusCode());
    // A well-formed link 2 signed by a stranger.
    SecretKey stranger = SecretKey.generate(Algorithm.ED25519);
    Link foreign =
        Links.add(
            c.state(),
            Claim.builder(Account.parse("github:mallory")).createdAt(1_764_160_000L).sign(stranger),
            stranger,
            1_764_160_000L);
    c.add(2);
    String before = snapshot(c.name());
    assertError(http.post(chain(c.name()), foreign.canonicalJson() + "\n"), 422, "invalid_link");
    // Alter a signed member: the signature no longer verifies.
    ObjectNode l2 = c.links().get(1).toJson();
    l2.put("created_at", l2.path("created_at").asLong() + 1);
    assertError(http.post(chain(c.name()), Jcs.canonicalString(l2) + "\n"), 422, "invalid_link");
    // Swap in another valid signature (link 3's) on link 2.
    ObjectNode swapped = c.links().get(1).toJson();
    swapped.put("sig", c.links().get(2).toJson().path("sig").asText());
    assertError(
        http.post(chain(c.name()), Jcs.canonicalString(swapped) + "\n"), 422, "invalid_link");
    // A good link followed by a bad one: all or nothing.
    ObjectNode l3 = c.links().get(2).toJson();
    l3.put("created_at", l3.path("created_at").asLong() + 1);
    assertError(
        http.post(chain(c.name()), c.jsonl(2, 2) + Jcs.canonicalString(l3) + "\n"),
        422,
        "invalid_link");
    assertEquals(before, snapshot(c.name()));
    assertEquals(201, http.post(chain(c.name()), c.jsonl(2, 3)).statusCode());
  }

  @Test
  void tooManyLinksIs413() {
    TestChain c = new TestChain();
    c.add(MAX_LINKS + 1);
    assertError(http.post(chain(c.name()), c.jsonl()), 413, "too_many_links");
    assertEquals(404, http.get(chain(c.name())).statusCode());
    assertEquals(201, http.post(chain(c.name()), c.jsonl(1, MAX_LINKS)).statusCode());
  }

  @Test
  void aHundredMegabyteBodyIsRefusedEarly() throws Exception {
    TestChain c = new TestChain();
    c.add();
    assertEquals(201, http.post(chain(c.name()), c.jsonl()).statusCode());
    String before = snapshot(c.name());
    long hundredMb = 100L << 20;
    // Declared length: refused on the headers, before any of the body is read.
    AtomicLong pulled = new AtomicLong();
    long t0 = System.nanoTime();
    HttpResponse<String> r = sendHuge(chain(c.name()), hundredMb, pulled, true);
    if (r != null) assertError(r, 413, "too_large");
    // Streamed without a length (chunked): the server stops reading after its limit.
    AtomicLong pulled2 = new AtomicLong();
    HttpResponse<String> r2 = sendHuge(chain(c.name()), hundredMb, pulled2, false);
    if (r2 != null) assertError(r2, 413, "too_large");
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(seconds < 20, "refusing took " + seconds + " s");
    assertTrue(pulled.get() < hundredMb / 4, "the client got to send " + pulled.get() + " bytes");
    assertTrue(pulled2.get() < hundredMb / 4, "the client got to send " + pulled2.get() + " bytes");
    assertTrue(r != null || r2 != null, "at least one answer must be the 413 itself");
    assertEquals(before, snapshot(c.name()));
    assertEquals(200, http.get("/healthz").statusCode());
  }

  /**
   * Streams {@code size} bytes of JSON-ish filler; null when the server closed before answering.
   */
  private HttpResponse<String> sendHuge(
      String path, long size, AtomicLong pulled, boolean declareLength) throws Exception {
    InputStream filler =
        new InputStream() {
          @Override
          public int read() {
            return pulled.getAndIncrement() < size ? ' ' : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            long left = size - pulled.get();
            if (left <= 0) return -1;
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) ' ');
            pulled.addAndGet(n);
            return n;
          }
        };
    HttpRequest.BodyPublisher pub = HttpRequest.BodyPublishers.ofInputStream(() -> filler);
    if (declareLength) pub = HttpRequest.BodyPublishers.fromPublisher(pub, size);
    HttpRequest req =
        HttpRequest.newBuilder(http.base().resolve(path))
            .timeout(Duration.ofSeconds(30))
            .POST(pub)
            .build();
    try {
      return http.client().send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return null; // the server hung up mid-upload: also a refusal, as long as it came early
    }
  }

  @Test
  void corsHealthAndMetrics() {
    HttpResponse<String> pre =
        http.send(
            HttpRequest.newBuilder(http.base().resolve("/v1/chains/x"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://example.org")
                .header("Access-Control-Request-Method", "POST")
                .build());
    assertEquals(204, pre.statusCode());
    assertEquals("*", pre.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    assertTrue(
        pre.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
    HttpResponse<String> h = http.get("/healthz");
    assertEquals(200, h.statusCode());
    assertEquals("ok", json(h).path("status").asText());
    assertEquals("*", h.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    assertTrue(h.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("ETag"));
    HttpResponse<String> m = http.get("/metrics");
    assertEquals(200, m.statusCode());
    assertTrue(
        m.body().contains("kez_sig_http_requests_seconds_count{"),
        m.body().substring(0, Math.min(500, m.body().length())));
    assertTrue(m.body().contains("route=\"/healthz\""));
    assertTrue(m.body().contains("jvm_memory_used_bytes"));
  }

  @Test
  void concurrentAppendsToOneChainLeaveOneValidChain() throws Exception {
    TestChain c = new TestChain();
    c.add(20);
    assertEquals(201, http.post(chain(c.name()), c.jsonl(1, 1)).statusCode());
    // Eight clients push overlapping slices at once: every answer is 200/201, never a fork.
    List<Thread> threads = new ArrayList<>();
    List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 8; t++) {
      int from = 2 + t * 2;
      threads.add(
          Thread.ofPlatform()
              .start(() -> {
                for (int to = from; to <= 20; to += 3)
                  statuses.add(http.post(chain(c.name()), c.jsonl(2, to)).statusCode());
              }));
    }
    for (Thread t : threads) t.join();
    assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 201), statuses.toString());
    assertEquals(c.jsonl(), http.get(chain(c.name())).body());
  }
}
