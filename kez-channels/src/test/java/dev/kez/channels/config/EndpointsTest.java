package dev.kez.channels.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.channels.ChannelPlugin;
import dev.kez.core.claim.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsTest {
  @TempDir Path home;

  @Test
  void privateAddressesOnlyWhenTheConfigOrTheEnvironmentSaysTrue() throws Exception {
    assertFalse(Endpoints.allowPrivate(Map.of(), home), "no config file");
    Files.writeString(home.resolve("config"), "GITHUB_API=http://127.0.0.1:1\nallow-private=no\n");
    assertFalse(Endpoints.allowPrivate(Map.of(), home));
    assertTrue(Endpoints.allowPrivate(Map.of("KEZ_ALLOW_PRIVATE", "true"), home));
    Files.writeString(home.resolve("config"), "allow-private = true\n");
    assertTrue(Endpoints.allowPrivate(Map.of(), home));
    assertTrue(
        Endpoints.resolve(Map.of(), Map.of(), home).keySet().stream().allMatch(Endpoints::isKey));
  }

  @Test
  void flagBeatsEnvBeatsFileBeatsDefault() throws Exception {
    Files.writeString(
        home.resolve("config"),
        "github.api = http://file/\nKEZ_BLUESKY_PLC=http://plc-file\nBLUESKY_APPVIEW=http://appview-file\n");
    Map<String, String> env =
        Map.of(
            "KEZ_BLUESKY_PLC",
            "http://plc-env",
            "KEZ_BLUESKY_APPVIEW",
            "http://appview-env",
            "KEZ_PASSPHRASE",
            "hunter2");
    Map<String, String> e =
        Endpoints.resolve(Map.of("BLUESKY_APPVIEW", "http://appview-flag"), env, home);
    assertEquals("http://file", e.get("GITHUB_API"));
    assertEquals("http://plc-env", e.get("BLUESKY_PLC"));
    assertEquals("http://appview-flag", e.get("BLUESKY_APPVIEW"));
    assertNull(e.get("AP_WEB"));
    assertFalse(
        e.containsKey("PASSPHRASE"), "only channel endpoints are read from the environment");
    Map<String, String> d = Endpoints.resolve(Map.of(), Map.of(), home.resolve("none"));
    assertEquals("https://api.github.com", d.get("GITHUB_API"));
    assertEquals("https://public.api.bsky.app", d.get("BLUESKY_APPVIEW"));
    assertEquals("https://plc.directory", d.get("BLUESKY_PLC"));
  }

  @Test
  void unknownFlagKeyIsRefused() {
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.kez.core.MalformedException.class,
            () -> Endpoints.resolve(Map.of("GITHUB_APU", "x"), Map.of(), home));
    assertTrue(e.getMessage().contains("unknown endpoint"), e.getMessage());
    assertEquals(
        "http://x",
        Endpoints.resolve(Map.of("github.api", "http://x/"), Map.of(), home).get("GITHUB_API"));
  }

  @Test
  void everyChannelHasItsPlugin() {
    Set<Account.Channel> found =
        ChannelPlugin.all().stream().map(ChannelPlugin::channel).collect(Collectors.toSet());
    assertEquals(EnumSet.allOf(Account.Channel.class), found);
    for (Account.Channel ch : Account.Channel.values())
      assertEquals(ch, ChannelPlugin.of(ch).channel());
  }

  @Test
  void everyKeyIsSomeChannelsAndTheDnsAndNostrOnesAreKnown() {
    assertEquals(
        Endpoints.KEYS.size(),
        Endpoints.KEYS.stream().map(k -> k.key()).distinct().count(),
        "one key, one meaning");
    for (String k :
        List.of(
            "GITHUB_API",
            "BLUESKY_APPVIEW",
            "BLUESKY_PLC",
            "BLUESKY_WEB",
            "AP_WEB",
            "DNS_SERVER",
            "NOSTR_RELAYS")) {
      assertTrue(Endpoints.isKey(k), k);
    }
    assertEquals(
        "127.0.0.1:5353",
        Endpoints.resolve(Map.of("dns.server", "127.0.0.1:5353"), Map.of(), home)
            .get("DNS_SERVER"));
    assertEquals(
        "ws://r",
        Endpoints.resolve(Map.of(), Map.of("KEZ_NOSTR_RELAYS", "ws://r"), home)
            .get("NOSTR_RELAYS"));
  }
}
