package dev.kez.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.chat.server.testing.ChatServers;
import dev.kez.server.HttpServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code --web DIR}: the web client's build is served at {@code /}, beside the API. */
class StaticFilesTest {
  @Test
  void theWebFolderIsServedAtTheRootAndTheApiStaysJson() throws Exception {
    Path dir = ChatServers.tempDir();
    Path web = Files.createDirectories(dir.resolve("dist"));
    Files.writeString(web.resolve("index.html"), "<!doctype html><title>kez-chat</title>");
    Files.writeString(web.resolve("app.js"), "console.log('kez')");
    try (HttpServer server = ChatServers.start(dir, "--web", web.toString())) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> index =
          http.send(
              HttpRequest.newBuilder(server.uri().resolve("/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, index.statusCode(), index.body());
      assertTrue(index.body().contains("<title>kez-chat</title>"), index.body());
      HttpResponse<String> js =
          http.send(
              HttpRequest.newBuilder(server.uri().resolve("/app.js")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, js.statusCode(), js.body());
      assertEquals("console.log('kez')", js.body());
      HttpResponse<String> api =
          http.send(
              HttpRequest.newBuilder(server.uri().resolve("/v1/handles/nobody")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(404, api.statusCode());
      assertTrue(api.body().startsWith("{"), api.body());
    }
  }
}
