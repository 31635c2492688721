package dev.kez.chat.server.testing;

import dev.kez.chat.server.ChatConfig;
import dev.kez.chat.server.ChatServer;
import dev.kez.server.HttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * In-process kez-chat servers for the tests: loopback, a temp SQLite file and VAPID key, private
 * addresses allowed.
 */
public final class ChatServers {
  private ChatServers() {}

  public static Path tempDir() {
    try {
      return Files.createTempDirectory("kez-chat-test-");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static ChatConfig config(Path dir, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--port",
                "0",
                "--bind",
                "127.0.0.1",
                "--db",
                dir.resolve("chat.db").toString(),
                "--vapid-key-path",
                dir.resolve("vapid.pem").toString(),
                "--rate",
                "0",
                "--access-log",
                "off",
                "--allow-private",
                "on"));
    args.addAll(List.of(extra));
    return ChatConfig.parse(args.toArray(String[]::new), Map.of());
  }

  public static HttpServer start(Path dir, String... extra) throws Exception {
    return ChatServer.start(
        config(dir, extra),
        null,
        new ChatServer.Tuning(Clock.systemUTC(), Duration.ofMillis(200), Duration.ofSeconds(1)));
  }
}
