package dev.kez.chat.server;

import static dev.kez.chat.server.testing.ChatHttp.expect;
import static dev.kez.chat.server.testing.ChatHttp.freshTs;
import static dev.kez.chat.server.testing.ChatHttp.json;
import static dev.kez.chat.server.testing.ChatHttp.now;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.chat.server.testing.ChatHttp;
import dev.kez.chat.server.testing.ChatServers;
import dev.kez.chat.server.testing.Person;
import dev.kez.core.json.Json;
import dev.kez.server.HttpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A second, independent receiver: the npm {@code web-push-testing} 1.2.2 push service (it checks
 * the VAPID JWT and that {@code k} is the subscription's application server key, and decrypts
 * aes128gcm). Installed by scripts/setup-test-deps.sh from the committed lock file; quirks in
 * ../shared/design/chat-notes.md. It also answers 410 for an expired subscription.
 */
class WebPushTestingTest {
  static final Path DIR = Path.of(System.getProperty("user.dir")).resolve("src/test/push");
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  JsonNode call(URI base, String path, String json) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200)
      throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
    return r.body().startsWith("{")
        ? Json.parse(r.body()).get("data")
        : null; // some routes answer a bare "OK"
  }

  @Test
  void webPushTestingReceivesAndDecryptsThePush() throws Exception {
    Path server = DIR.resolve("node_modules/web-push-testing/src/bin/server.js");
    if (!Files.exists(server))
      throw new IllegalStateException(
          "web-push-testing is not installed: run scripts/setup-test-deps.sh");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process node =
        new ProcessBuilder("node", server.toString(), Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (HttpServer chat = ChatServers.start(ChatServers.tempDir())) {
      URI wpt = URI.create("http://127.0.0.1:" + port + "/");
      for (int i = 0; ; i++) { // until it listens
        try {
          client.send(
              HttpRequest.newBuilder(wpt.resolve("/status"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding());
          break;
        } catch (java.io.IOException e) {
          if (i > 100) throw new AssertionError("web-push-testing did not start", e);
          Thread.sleep(100);
        }
      }
      ChatHttp http = new ChatHttp(chat.uri());
      String vapid =
          json(expect(200, http.get(null, "/v1/push/vapid-public-key"))).get("key").asText();
      JsonNode sub =
          call(
              wpt,
              "/subscribe",
              "{\"userVisibleOnly\":\"true\",\"applicationServerKey\":\"" + vapid + "\"}");
      String endpoint = sub.get("endpoint").asText();
      String hash = endpoint.substring(endpoint.lastIndexOf('/') + 1);
      ObjectNode subscription = Json.newObject().put("endpoint", endpoint);
      subscription.set("keys", sub.get("keys"));

      Person alice = new Person("alice");
      Person bob = new Person("bob");
      http.join(alice);
      http.join(bob);
      expect(
          201,
          http.send(
              bob,
              "POST",
              "/v1/push/subscribe/bob",
              Json.write(subscription).getBytes(StandardCharsets.UTF_8),
              endpoint,
              freshTs(),
              "application/json"));
      expect(201, http.send(alice, alice.seal(bob, "hi", now())));
      JsonNode got = null;
      for (int i = 0; i < 100; i++) {
        got = call(wpt, "/get-notifications", "{\"clientHash\":\"" + hash + "\"}").get("messages");
        if (got.size() > 0) break;
        Thread.sleep(100);
      }
      assertEquals(1, got.size(), "web-push-testing got the push: " + got);
      assertEquals("{\"seq\":1,\"to\":\"bob\",\"type\":\"message\"}", got.get(0).asText());

      // Expired there: it answers 410, and the server deletes the subscription.
      call(wpt, "/expire-subscription/" + hash, "{}");
      expect(201, http.send(alice, alice.seal(bob, "two", now())));
      Thread.sleep(1500);
      expect(201, http.send(alice, alice.seal(bob, "three", now())));
      Thread.sleep(1000);
      byte[] un = ("{\"endpoint\":\"" + endpoint + "\"}").getBytes(StandardCharsets.UTF_8);
      assertEquals(
          false,
          json(expect(
                  200,
                  http.send(
                      bob,
                      "POST",
                      "/v1/push/unsubscribe/bob",
                      un,
                      endpoint,
                      freshTs(),
                      "application/json")))
              .get("removed")
              .asBoolean(),
          "the 410 already removed it");
    } finally {
      node.destroy();
    }
  }
}
