package dev.kez.chat.server;

import static dev.kez.chat.server.testing.ChatHttp.expect;
import static dev.kez.chat.server.testing.ChatHttp.freshTs;
import static dev.kez.chat.server.testing.ChatHttp.json;
import static dev.kez.chat.server.testing.ChatHttp.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.chat.server.testing.ChatHttp;
import dev.kez.chat.server.testing.ChatServers;
import dev.kez.chat.server.testing.FakePushService;
import dev.kez.chat.server.testing.FakePushService.Push;
import dev.kez.chat.server.testing.Person;
import dev.kez.chat.server.testing.WsProbe;
import dev.kez.core.crypto.Base64Url;
import dev.kez.server.HttpServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Web Push end to end (chat.md §7, §8) against a push service in this JVM that checks the VAPID JWT
 * and decrypts every body: the exact payload, who gets one and who does not, 404/410, 429 with
 * Retry-After, 5xx with bounded retries, 413, fire-and-forget, and the subscribe routes' refusals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushTest {
  static final AtomicInteger N = new AtomicInteger();
  Path dir;
  HttpServer server;
  ChatHttp http;
  FakePushService push;

  @BeforeAll
  void start() throws Exception {
    dir = ChatServers.tempDir();
    server = ChatServers.start(dir, "--push-retries", "2");
    http = new ChatHttp(server.uri());
    byte[] key =
        Base64Url.decode(
            json(expect(200, http.get(null, "/v1/push/vapid-public-key"))).get("key").asText());
    push = new FakePushService(key);
  }

  @AfterAll
  void stop() {
    server.close();
    push.close();
  }

  Person joined(String prefix) {
    Person p = new Person(prefix + N.incrementAndGet());
    http.join(p);
    return p;
  }

  HttpResponse<String> subscribe(Person p, FakePushService.Sub s) {
    return http.send(
        p,
        "POST",
        "/v1/push/subscribe/" + p.handle,
        s.json().getBytes(StandardCharsets.UTF_8),
        s.endpoint(),
        freshTs(),
        "application/json");
  }

  /** The next push for this subscription within the time, skipping others'. */
  Push nextFor(FakePushService.Sub s, long millis) throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    for (long left; (left = end - System.currentTimeMillis()) > 0; ) {
      Push p = push.next(left);
      if (p != null && p.subscription().equals(s.id)) return p;
    }
    return null;
  }

  @Test
  void theVapidKeyIsAPrivateFileReusedOnRestart() throws Exception {
    Path pem = dir.resolve("vapid.pem");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pem)));
    assertTrue(Files.readString(pem).startsWith("-----BEGIN PRIVATE KEY-----"));
    String key = json(http.get(null, "/v1/push/vapid-public-key")).get("key").asText();
    Path other = ChatServers.tempDir();
    Files.copy(pem, other.resolve("vapid.pem"));
    try (HttpServer again = ChatServers.start(other)) {
      assertEquals(
          key,
          json(new ChatHttp(again.uri()).get(null, "/v1/push/vapid-public-key"))
              .get("key")
              .asText());
    }
  }

  @Test
  void anOfflineRecipientGetsExactlyTheMetadataPayload() throws Exception {
    Person alice = joined("alice");
    Person bob = joined("bob");
    FakePushService.Sub bobs = push.subscription();
    FakePushService.Sub alices = push.subscription();
    expect(201, subscribe(bob, bobs));
    expect(200, subscribe(bob, bobs));
    expect(201, subscribe(alice, alices));
    expect(201, http.send(alice, alice.seal(bob, "secret text", now())));
    expect(201, http.send(alice, alice.seal(bob, "more", now())));
    java.util.Set<String> payloads =
        new java.util.TreeSet<>(); // pushes go out concurrently, in any order
    for (int i = 1; i <= 2; i++) {
      Push p = nextFor(bobs, 5000);
      assertNotNull(p, "bob got push " + i);
      assertNull(p.refusal(), p.refusal());
      payloads.add(new String(p.plaintext(), StandardCharsets.UTF_8));
      assertEquals("high", p.headers().get("Urgency").get(0));
      assertEquals("86400", p.headers().get("Ttl").get(0));
    }
    assertEquals(
        java.util.Set.of(
            "{\"seq\":1,\"to\":\"" + bob.handle + "\",\"type\":\"message\"}",
            "{\"seq\":2,\"to\":\"" + bob.handle + "\",\"type\":\"message\"}"),
        payloads);
    assertNull(nextFor(alices, 500), "no push goes to the sender for its own entry");
  }

  @Test
  void aLiveSocketMeansNoPush() throws Exception {
    Person alice = joined("carol");
    Person bob = joined("dan");
    FakePushService.Sub s = push.subscription();
    expect(201, subscribe(bob, s));
    try (WsProbe ws = WsProbe.login(server.uri(), bob, bob.key)) {
      assertEquals("ready", ws.next().get("type").asText());
      expect(201, http.send(alice, alice.seal(bob, "while online", now())));
      assertEquals("entry", ws.next().get("type").asText());
      assertNull(nextFor(s, 700), "no push while bob's socket is live");
    }
    // An unauthenticated socket does not count as live.
    try (WsProbe ws = WsProbe.connect(server.uri(), "/v1/ws/" + bob.handle)) {
      Thread.sleep(200); // the closed socket above has left the hub
      expect(201, http.send(alice, alice.seal(bob, "offline again", now())));
      Push p = nextFor(s, 5000);
      assertNotNull(p);
      assertTrue(new String(p.plaintext(), StandardCharsets.UTF_8).startsWith("{\"seq\":2,"));
    }
  }

  @Test
  void goneSubscriptionsAreDeleted() throws Exception {
    for (int status : new int[] {404, 410}) {
      Person alice = joined("eve");
      Person bob = joined("fay");
      FakePushService.Sub s = push.subscription().answer(status, -1);
      expect(201, subscribe(bob, s));
      expect(201, http.send(alice, alice.seal(bob, "one", now())));
      assertEquals(status, nextFor(s, 5000).answered());
      Thread.sleep(300);
      expect(201, http.send(alice, alice.seal(bob, "two", now())));
      assertNull(nextFor(s, 700), "the subscription was deleted after " + status);
      expect(201, subscribe(bob, s)); // subscribing again makes it new
    }
  }

  @Test
  void tooManyRequestsIsRetriedAfterRetryAfter() throws Exception {
    Person alice = joined("gil");
    Person bob = joined("hal");
    FakePushService.Sub s = push.subscription().answer(429, 1);
    expect(201, subscribe(bob, s));
    long t0 = System.nanoTime();
    expect(201, http.send(alice, alice.seal(bob, "x", now())));
    assertEquals(429, nextFor(s, 5000).answered());
    Push again = nextFor(s, 5000);
    assertNotNull(again);
    assertEquals(201, again.answered());
    assertTrue(System.nanoTime() - t0 >= 1_000_000_000L, "Retry-After: 1 was honoured");
  }

  @Test
  void serverErrorsAreRetriedABoundedNumberOfTimesAnd413IsNot() throws Exception {
    Person alice = joined("ida");
    Person bob = joined("jon");
    FakePushService.Sub s =
        push.subscription().answer(500, -1).answer(503, -1).answer(500, -1).answer(500, -1);
    expect(201, subscribe(bob, s));
    expect(201, http.send(alice, alice.seal(bob, "x", now())));
    for (int i = 0; i < 3; i++)
      assertNotNull(nextFor(s, 5000), "attempt " + (i + 1)); // 1 + --push-retries 2
    assertNull(nextFor(s, 2000), "no fourth attempt");
    FakePushService.Sub big = push.subscription().answer(413, -1);
    Person kim = joined("kim");
    expect(201, subscribe(kim, big));
    expect(201, http.send(alice, alice.seal(kim, "x", now())));
    assertEquals(413, nextFor(big, 5000).answered());
    assertNull(nextFor(big, 1000), "413 is not retried");
  }

  @Test
  void theSenderNeverWaitsForAPushService() throws Exception {
    Person alice = joined("lia");
    Person bob = joined("max");
    FakePushService.Sub slow = push.subscription().delay(3000);
    expect(201, subscribe(bob, slow));
    long t0 = System.nanoTime();
    expect(201, http.send(alice, alice.seal(bob, "x", now())));
    double s = (System.nanoTime() - t0) / 1e9;
    assertTrue(s < 1.5, "the post took " + s + " s");
    assertNotNull(nextFor(slow, 6000));
  }

  @Test
  void subscribeRefusals() throws Exception {
    Person bob = joined("ned");
    Person eve = joined("oli");
    FakePushService.Sub s = push.subscription();
    String path = "/v1/push/subscribe/" + bob.handle;
    byte[] body = s.json().getBytes(StandardCharsets.UTF_8);
    // The header is bound to the endpoint: one signed for another endpoint is refused.
    expect(
        401,
        http.send(
            bob, "POST", path, body, "http://127.0.0.1:1/other", freshTs(), "application/json"));
    expect(401, http.send(bob, "POST", path, body, "", freshTs(), "application/json"));
    expect(401, http.send(eve, "POST", path, body, s.endpoint(), freshTs(), "application/json"));
    expect(415, http.send(bob, "POST", path, body, s.endpoint(), freshTs(), "text/plain"));
    expect(
        400,
        http.send(
            bob,
            "POST",
            path,
            "{\"endpoint\":\"x\"}".getBytes(StandardCharsets.UTF_8),
            "x",
            freshTs(),
            "application/json"));
    String badKey =
        s.json()
            .replaceAll(
                "\"p256dh\":\"[^\"]*\"", "\"p256dh\":\"" + Base64Url.encode(new byte[65]) + "\"");
    expect(
        400,
        http.send(
            bob,
            "POST",
            path,
            badKey.getBytes(StandardCharsets.UTF_8),
            s.endpoint(),
            freshTs(),
            "application/json"));
    String ftp = s.json().replace("http://", "ftp://");
    expect(
        400,
        http.send(
            bob,
            "POST",
            path,
            ftp.getBytes(StandardCharsets.UTF_8),
            s.endpoint().replace("http://", "ftp://"),
            freshTs(),
            "application/json"));
    String huge = s.json().replace("/push/", "/push/" + "a".repeat(5000));
    expect(
        413,
        http.send(
            bob,
            "POST",
            path,
            huge.getBytes(StandardCharsets.UTF_8),
            "",
            freshTs(),
            "application/json"));
    expect(
        404,
        http.send(
            bob,
            "POST",
            "/v1/push/subscribe/nobody-here",
            body,
            s.endpoint(),
            freshTs(),
            "application/json"));
    // Unsubscribe, endpoint-bound too.
    expect(201, subscribe(bob, s));
    byte[] un = ("{\"endpoint\":\"" + s.endpoint() + "\"}").getBytes(StandardCharsets.UTF_8);
    expect(
        401,
        http.send(
            bob,
            "POST",
            "/v1/push/unsubscribe/" + bob.handle,
            un,
            "",
            freshTs(),
            "application/json"));
    assertTrue(
        json(expect(
                200,
                http.send(
                    bob,
                    "POST",
                    "/v1/push/unsubscribe/" + bob.handle,
                    un,
                    s.endpoint(),
                    freshTs(),
                    "application/json")))
            .get("removed")
            .asBoolean());
    Person alice = joined("pam");
    expect(201, http.send(alice, alice.seal(bob, "after unsubscribe", now())));
    assertNull(nextFor(s, 700));
  }

  @Test
  void withoutAllowPrivateOnlyPublicHttpsEndpointsAreAccepted() throws Exception {
    Path d = ChatServers.tempDir();
    try (HttpServer strict =
        dev.kez.chat.server.ChatServer.start(
            ChatServers.config(d, "--allow-private", "off"), null)) {
      ChatHttp h = new ChatHttp(strict.uri());
      Person bob = new Person("quinn");
      h.join(bob);
      FakePushService.Sub s = push.subscription();
      for (String endpoint :
          new String[] {
            s.endpoint(),
            "https://127.0.0.1/push/x",
            "https://10.0.0.1/p",
            "https://[::1]/p",
            "https://169.254.169.254/latest",
            "https://localhost/p"
          }) {
        String json = s.json().replace(s.endpoint(), endpoint);
        HttpResponse<String> r =
            h.send(
                bob,
                "POST",
                "/v1/push/subscribe/" + bob.handle,
                json.getBytes(StandardCharsets.UTF_8),
                endpoint,
                freshTs(),
                "application/json");
        expect(400, r);
        assertEquals("bad_endpoint", json(r).get("error").asText(), endpoint);
      }
      assertFalse(push.all.stream().anyMatch(p -> p.subscription().equals(s.id)));
    }
  }
}
