package dev.kez.channels.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.ChannelPlugin;
import dev.kez.core.claim.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsTest {
  @TempDir Path home;

  @Test
  void flagBeatsEnvBeatsFileBeatsDefault() throws Exception {
    Files.writeString(home.resolve("config"), "github.api = http://file/\nKEZ_BLUESKY_PLC=http://plc-file\nBLUESKY_APPVIEW=http://appview-file\n");
    Map<String, String> env = Map.of("KEZ_BLUESKY_PLC", "http://plc-env", "KEZ_BLUESKY_APPVIEW", "http://appview-env",
        "KEZ_PASSPHRASE", "hunter2");
    Map<String, String> e = Endpoints.resolve(Map.of("BLUESKY_APPVIEW", "http://appview-flag"), env, home);
    assertEquals("http://file", e.get("GITHUB_API"));
    assertEquals("http://plc-env", e.get("BLUESKY_PLC"));
    assertEquals("http://appview-flag", e.get("BLUESKY_APPVIEW"));
    assertNull(e.get("AP_WEB"));
    assertFalse(e.containsKey("PASSPHRASE"), "only channel endpoints are read from the environment");
    Map<String, String> d = Endpoints.resolve(Map.of(), Map.of(), home.resolve("none"));
    assertEquals("https://api.github.com", d.get("GITHUB_API"));
    assertEquals("https://public.api.bsky.app", d.get("BLUESKY_APPVIEW"));
    assertEquals("https://plc.directory", d.get("BLUESKY_PLC"));
  }

  @Test
  void unknownFlagKeyIsRefused() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(dev.kez.core.MalformedException.class,
        () -> Endpoints.resolve(Map.of("GITHUB_APU", "x"), Map.of(), home));
    assertTrue(e.getMessage().contains("unknown endpoint"), e.getMessage());
    assertEquals("http://x", Endpoints.resolve(Map.of("github.api", "http://x/"), Map.of(), home).get("GITHUB_API"));
  }

  @Test
  void pluginsAreFoundByServiceLoader() {
    Set<Account.Channel> found = ServiceLoader.load(ChannelPlugin.class).stream()
        .map(p -> p.get().channel()).collect(Collectors.toSet());
    assertTrue(found.containsAll(Set.of(Account.Channel.GITHUB, Account.Channel.BLUESKY, Account.Channel.AP)), found.toString());
  }
}
