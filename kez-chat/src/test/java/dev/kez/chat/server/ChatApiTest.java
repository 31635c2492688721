package dev.kez.chat.server;

import static dev.kez.chat.server.testing.ChatHttp.expect;
import static dev.kez.chat.server.testing.ChatHttp.json;
import static dev.kez.chat.server.testing.ChatHttp.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.chat.protocol.ChatKey;
import dev.kez.chat.protocol.ChatMessage;
import dev.kez.chat.protocol.Envelope;
import dev.kez.chat.protocol.Opened;
import dev.kez.chat.protocol.Page;
import dev.kez.chat.protocol.Registration;
import dev.kez.chat.server.testing.ChatHttp;
import dev.kez.chat.server.testing.ChatServers;
import dev.kez.chat.server.testing.Person;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.json.Json;
import dev.kez.server.HttpServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every kez-chat route over real HTTP on loopback (SPEC.md §kez-chat.5, chat.md §5 and §8): what it
 * answers, and each refusal with its status: 400, 401, 404, 409, 413, 415.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatApiTest {
  static final AtomicInteger N = new AtomicInteger();
  Path dir;
  HttpServer server;
  ChatHttp http;

  @BeforeAll
  void start() throws Exception {
    dir = ChatServers.tempDir();
    server = ChatServers.start(dir);
    http = new ChatHttp(server.uri());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  static Person person(String prefix) {
    return new Person(prefix + N.incrementAndGet());
  }

  static void refused(int status, String error, HttpResponse<String> r) {
    expect(status, r);
    ObjectNode o = json(r);
    assertEquals(error, o.path("error").asText(), r.body());
    assertFalse(o.path("detail").asText().isBlank(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
  }

  @Test
  void registrationBindsAHandleToOneKey() {
    Person alice = person("alice");
    ObjectNode created = json(expect(201, http.register(alice)));
    assertEquals(alice.handle.value(), created.get("handle").asText());
    expect(200, http.register(alice)); // the same key again: a no-op
    Person thief = new Person(alice.handle.value(), Algorithm.NOSTR);
    refused(409, "handle_taken", http.register(thief));
    ObjectNode info = json(expect(200, http.get(null, "/v1/handles/" + alice.handle)));
    assertEquals(alice.key.publicKey().encoded(), info.get("key").asText());
    assertEquals(0, info.get("enc_keys").size());
  }

  @Test
  void handlesInPathsAreLowercasedAndCheckedAscii() {
    Person bob = person("bob");
    http.join(bob);
    String upper = bob.handle.value().toUpperCase();
    assertEquals(
        bob.handle.value(),
        json(expect(200, http.get(null, "/v1/handles/" + upper))).get("handle").asText());
    for (String bad :
        new String[] {"ab", "a%41b", "-abc", "abc-", "a.bc", "x".repeat(33), "%E2%84%AAelvin"}) {
      refused(400, "bad_handle", http.get(null, "/v1/handles/" + bad));
    }
    refused(404, "unknown_handle", http.get(null, "/v1/handles/nobody-here"));
    refused(404, "not_found", http.get(null, "/v1/nothing"));
  }

  @Test
  void registrationRefusals() {
    Person p = person("carol");
    String path = "/v1/handles/" + p.handle;
    byte[] body = new Registration(p.key.publicKey()).body();
    refused(
        415, "unsupported_media_type", http.send(p, "POST", path, body, "", now(), "text/plain"));
    refused(
        400,
        "malformed",
        http.post(null, path, "{\"key\":\"npub1nope\"}")); // before auth is judged
    refused(
        400,
        "malformed",
        http.post(null, path, "{\"key\":\"" + p.key.publicKey().encoded() + "\",\"x\":1}"));
    refused(400, "malformed", http.post(null, path, "not json"));
    refused(401, "unauthorized", http.post(null, path, body));
    Person other = person("dave");
    refused(
        401, "unauthorized", http.post(other, path, body)); // signed by another key than the body's
    refused(413, "too_large", http.post(p, path, "{\"key\":\"" + "x".repeat(2000) + "\"}"));
    refused(404, "unknown_handle", http.get(null, path));
  }

  @Test
  void authIsUniformAndRefusesReplaySkewAndEveryMismatch() {
    Person alice = person("eve");
    http.join(alice);
    String path = "/v1/messages/" + alice.handle + "?after=0";
    long now = now();
    byte[] none = new byte[0];
    expect(200, http.send(alice, "GET", path, none, "", now - 59, null));
    String header = alice.auth("GET", path, none, "", now);
    var replayable =
        java.net.http.HttpRequest.newBuilder(http.base.resolve(path))
            .header("X-KEZ-Auth", header)
            .GET()
            .build();
    var client = java.net.http.HttpClient.newHttpClient();
    try {
      assertEquals(200, client.send(replayable, HttpResponse.BodyHandlers.ofString()).statusCode());
      HttpResponse<String> replay = client.send(replayable, HttpResponse.BodyHandlers.ofString());
      refused(401, "unauthorized", replay);
      String uniform = replay.body();
      // Each other failure answers exactly the same body.
      for (HttpResponse<String> r :
          new HttpResponse[] {
            // outside ±60 s by 5 s, so that the seconds this test takes cannot bring them inside
            http.send(alice, "GET", path, none, "", now() - 65, null), // too old
            http.send(alice, "GET", path, none, "", now() + 65, null), // too far ahead
            http.send(null, "GET", path, none, "", now, null), // missing
            client.send(
                java.net.http.HttpRequest.newBuilder(
                        http.base.resolve("/v1/messages/" + alice.handle + "?after=1"))
                    .header("X-KEZ-Auth", alice.auth("GET", path, none, "", now + 1))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString()),
            client.send(
                java.net.http.HttpRequest.newBuilder(http.base.resolve(path))
                    .header("X-KEZ-Auth", alice.auth("POST", path, none, "", now + 2))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString()),
            client.send(
                java.net.http.HttpRequest.newBuilder(http.base.resolve(path))
                    .header("X-KEZ-Auth", "garbage:header")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString()),
            http.send(new Person(alice.handle.value()), "GET", path, none, "", now + 3, null)
          }) { // another key
        refused(401, "unauthorized", r);
        assertEquals(uniform, r.body());
      }
      // A body other than the signed one.
      Person bob = person("bob");
      http.join(bob);
      Envelope env = alice.seal(bob, "hi", now);
      Envelope other = alice.seal(bob, "ho", now);
      String target = "/v1/messages/" + alice.handle;
      refused(
          401,
          "unauthorized",
          client.send(
              java.net.http.HttpRequest.newBuilder(http.base.resolve(target))
                  .header("Content-Type", "application/json")
                  .header("X-KEZ-Auth", alice.auth("POST", target, other.canonicalBytes(), "", now))
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(env.canonicalBytes()))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void encKeysAreCheckedRecords() {
    Person alice = person("fay");
    expect(201, http.register(alice));
    String path = "/v1/handles/" + alice.handle + "/enc-keys";
    long now = now();
    ChatKey good = alice.chatKey(now);
    expect(201, http.post(alice, path, good.canonicalJson()));
    expect(200, http.post(alice, path, good.canonicalJson()));
    ObjectNode info = json(expect(200, http.get(null, "/v1/handles/" + alice.handle)));
    assertEquals(1, info.get("enc_keys").size());
    assertEquals(good, ChatKey.parse(info.get("enc_keys").get(0)));

    Person bob = person("gil");
    expect(201, http.register(bob));
    ObjectNode forged = good.toJson().put("created_at", now - 5); // signature no longer matches
    refused(400, "bad_record", http.post(alice, path, Json.write(forged)));
    ChatKey wrongHandle = ChatKey.sign(bob.handle, alice.device.encKey(), now, null, alice.key);
    refused(400, "bad_record", http.post(alice, path, wrongHandle.canonicalJson()));
    ChatKey wrongKey = ChatKey.sign(alice.handle, alice.device.encKey(), now, null, bob.key);
    refused(400, "bad_record", http.post(alice, path, wrongKey.canonicalJson()));
    ChatKey expired =
        ChatKey.sign(alice.handle, alice.device.encKey(), now - 100, now - 10, alice.key);
    refused(400, "bad_record", http.post(alice, path, expired.canonicalJson()));
    refused(400, "malformed", http.post(alice, path, "{\"type\":\"chat_key\"}"));
    refused(
        415,
        "unsupported_media_type",
        http.send(
            alice,
            "POST",
            path,
            good.canonicalJson().getBytes(StandardCharsets.UTF_8),
            "",
            now(),
            null));
    refused(
        404,
        "unknown_handle",
        http.post(alice, "/v1/handles/nobody-here/enc-keys", good.canonicalJson()));
    refused(401, "unauthorized", http.post(bob, path, good.canonicalJson()));
  }

  @Test
  void messagesAreIdempotentOnFromAndId() {
    Person alice = person("hal");
    Person bob = person("ida");
    http.join(alice);
    http.join(bob);
    Envelope env = alice.seal(bob, "hello bob", now());
    ObjectNode first = json(expect(201, http.send(alice, env)));
    assertEquals(env.id(), first.get("id").asText());
    assertEquals(bob.handle.value(), first.get("to").asText());
    assertEquals(1, first.get("seq").asLong());
    assertEquals(
        first,
        json(expect(200, http.send(alice, env)))); // the same envelope: same answer, nothing stored
    Envelope sameId =
        new Envelope(env.id(), bob.handle, alice.seal(bob, "another body", now()).sealed());
    refused(409, "id_conflict", http.send(alice, sameId));
    Page bobs = Page.parse(json(expect(200, http.get(bob, "/v1/messages/" + bob.handle))));
    assertEquals(1, bobs.head());
    assertEquals(1, bobs.entries().size());
    var entry = bobs.entries().get(0);
    assertEquals(alice.handle, entry.from());
    Opened opened = bob.device.open(entry, Optional.of(alice.key.publicKey()));
    ChatMessage m = assertInstanceOf(Opened.Message.class, opened).message();
    assertEquals("hello bob", m.text().orElseThrow());
    // The sender's own copy opens on its device too.
    Page alices = Page.parse(json(expect(200, http.get(alice, "/v1/messages/" + alice.handle))));
    assertInstanceOf(
        Opened.Message.class,
        alice.device.open(alices.entries().get(0), Optional.of(alice.key.publicKey())));
    // To oneself: one entry in one's own log.
    expect(201, http.send(alice, alice.seal(alice, "note to self", now())));
    assertEquals(2, Page.parse(json(http.get(alice, "/v1/messages/" + alice.handle))).head());
  }

  @Test
  void messageRefusals() {
    Person alice = person("jon");
    Person bob = person("kim");
    http.join(alice);
    http.join(bob);
    String path = "/v1/messages/" + alice.handle;
    Envelope env = alice.seal(bob, "x", now());
    refused(
        404,
        "unknown_handle",
        http.send(
            alice,
            new Envelope(
                env.id(), dev.kez.chat.protocol.Handle.parse("nobody-here"), env.sealed())));
    refused(
        400, "malformed", http.post(alice, path, "{\"id\":\"x\",\"to\":\"bob\",\"sealed\":[]}"));
    refused(400, "malformed", http.post(null, path, "[]"));
    refused(
        413,
        "too_large",
        http.post(alice, path, "{\"pad\":\"" + "x".repeat(Envelope.MAX_BYTES) + "\"}"));
    refused(
        415,
        "unsupported_media_type",
        http.send(
            alice,
            "POST",
            path,
            env.canonicalBytes(),
            "",
            now(),
            "application/x-www-form-urlencoded"));
    refused(401, "unauthorized", http.post(bob, path, env.canonicalBytes()));
    refused(
        404, "unknown_handle", http.post(alice, "/v1/messages/nobody-here", env.canonicalBytes()));
    refused(
        405,
        "method_not_allowed",
        http.send(alice, "PUT", path, env.canonicalBytes(), "", now(), "application/json"));
    assertEquals(
        0,
        Page.parse(json(http.get(bob, "/v1/messages/" + bob.handle))).head(),
        "nothing half-stored");
  }

  @Test
  void pagesComeInSeqOrderWithoutGaps() {
    Person alice = person("lia");
    Person bob = person("max");
    http.join(alice);
    http.join(bob);
    for (int i = 0; i < 25; i++)
      expect(
          201,
          http.send(
              i % 2 == 0 ? alice : bob,
              (i % 2 == 0 ? alice : bob).seal(i % 2 == 0 ? bob : alice, "m" + i, now())));
    String log = "/v1/messages/" + bob.handle;
    Page all = Page.parse(json(expect(200, http.get(bob, log))));
    assertEquals(25, all.head());
    assertEquals(25, all.entries().size());
    for (int i = 0; i < 25; i++) assertEquals(i + 1, all.entries().get(i).seq());
    Page p = Page.parse(json(expect(200, http.get(bob, log + "?after=10&limit=10"))));
    assertEquals(11, p.entries().get(0).seq());
    assertEquals(10, p.entries().size());
    assertEquals(25, p.head());
    assertEquals(
        5,
        Page.parse(json(expect(200, http.get(bob, log + "?after=20&limit=1000"))))
            .entries()
            .size());
    assertEquals(
        0, Page.parse(json(expect(200, http.get(bob, log + "?after=25")))).entries().size());
    for (String q :
        new String[] {"?limit=0", "?limit=1001", "?after=-1", "?after=x", "?limit=01"}) {
      refused(400, "bad_request", http.get(bob, log + q));
    }
    refused(401, "unauthorized", http.get(alice, log)); // alice may not read bob's log
  }

  @Test
  void theDatabaseNeverHoldsAMessagesText() throws Exception {
    Person alice = person("ned");
    Person bob = person("oli");
    http.join(alice);
    http.join(bob);
    String secret = "the walrus sings at midnight " + System.nanoTime();
    expect(201, http.send(alice, alice.seal(bob, secret, now())));
    expect(200, http.get(bob, "/v1/messages/" + bob.handle));
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    byte[] walrus = "walrus".getBytes(StandardCharsets.UTF_8);
    int files = 0;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(f -> f.getFileName().toString().startsWith("chat.db")).toList()) {
        byte[] data = Files.readAllBytes(f);
        files++;
        assertFalse(
            contains(data, needle) || contains(data, walrus), f + " holds the message's text");
      }
    }
    assertTrue(files >= 1, "the database files were found");
    // The check can fail: the sealed envelope's id is in there.
    byte[] all =
        Files.readAllBytes(
            dir.resolve("chat.db-wal").toFile().exists()
                ? dir.resolve("chat.db-wal")
                : dir.resolve("chat.db"));
    assertTrue(
        contains(all, alice.handle.value().getBytes(StandardCharsets.UTF_8)),
        "the search sees stored rows");
  }

  static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return true;
    }
    return false;
  }

  @Test
  void healthHeadAndTheWebSocketRouteWithoutUpgrade() {
    expect(200, http.get(null, "/healthz"));
    assertEquals(
        200, http.send(null, "HEAD", "/healthz", new byte[0], "", now(), null).statusCode());
    Person p = person("ws");
    expect(201, http.register(p));
    refused(400, "websocket_required", http.get(null, "/v1/ws/" + p.handle));
    refused(404, "unknown_handle", http.get(null, "/v1/ws/nobody-here"));
    ObjectNode key = json(expect(200, http.get(null, "/v1/push/vapid-public-key")));
    assertEquals(65, dev.kez.core.crypto.Base64Url.decode(key.get("key").asText()).length);
  }
}
