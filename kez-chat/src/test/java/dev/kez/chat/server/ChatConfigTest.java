package dev.kez.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Flags over {@code KEZ_CHAT_…} variables over defaults; bad values are one-line errors naming the
 * flag.
 */
class ChatConfigTest {
  @Test
  void zeroConfigDefaults() {
    ChatConfig c = ChatConfig.parse(new String[0], Map.of());
    assertEquals(7879, c.http().port());
    assertEquals("kez-chat.db", c.http().db());
    assertEquals(Path.of("kez-chat-vapid.pem"), c.vapidKeyPath());
    assertFalse(c.allowPrivate());
    assertEquals(List.of(), c.sigServers());
    assertEquals(16, c.http().maxConcurrentPerClient());
  }

  @Test
  void flagsOverrideTheEnvironment() {
    Map<String, String> env =
        Map.of(
            "KEZ_CHAT_VAPID_KEY_PATH",
            "/keys/v.pem",
            "KEZ_CHAT_VAPID_SUBJECT",
            "https://chat.example",
            "KEZ_CHAT_SIG_SERVER",
            "https://a.example, https://b.example",
            "KEZ_CHAT_PORT",
            "9000");
    ChatConfig e = ChatConfig.parse(new String[0], env);
    assertEquals(Path.of("/keys/v.pem"), e.vapidKeyPath());
    assertEquals("https://chat.example", e.vapidSubject());
    assertEquals(List.of("https://a.example", "https://b.example"), e.sigServers());
    assertEquals(9000, e.http().port());
    ChatConfig f =
        ChatConfig.parse(
            new String[] {
              "--sig-server",
              "https://c.example",
              "--sig-server=https://d.example",
              "--vapid-subject",
              "mailto:ops@example.com",
              "--allow-private",
              "on"
            },
            env);
    assertEquals(
        List.of("https://c.example", "https://d.example"),
        f.sigServers(),
        "flags replace the variable's list");
    assertEquals("mailto:ops@example.com", f.vapidSubject());
    assertTrue(f.allowPrivate());
  }

  @Test
  void badValuesAreOneLineErrors() {
    for (String[] args :
        new String[][] {
          {"--vapid-subject", "ops@example.com"},
          {"--vapid-subject", "http://x"},
          {"--sig-server", "ftp://x"},
          {"--port", "-1"},
          {"--nope", "1"},
          {"--allow-private", "maybe"},
          {"--push-retries", "99"}
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ChatConfig.parse(args, Map.of()));
      assertFalse(e.getMessage().contains("\n"));
      assertTrue(
          e.getMessage().startsWith("--") || e.getMessage().startsWith("unknown"), e.getMessage());
    }
  }

  @Test
  void helpListsEveryFlagWithItsVariable() {
    String help = ChatConfig.FLAGS.help("kez-chat-server", "x");
    for (String flag :
        List.of(
            "port",
            "bind",
            "db",
            "vapid-key-path",
            "vapid-subject",
            "sig-server",
            "allow-private",
            "rate",
            "max-concurrent",
            "request-timeout",
            "min-data-rate",
            "ws-buffer",
            "push-queue")) {
      assertTrue(help.contains("--" + flag), flag);
      assertTrue(help.contains("KEZ_CHAT_" + flag.toUpperCase().replace('-', '_')), flag);
    }
  }
}
