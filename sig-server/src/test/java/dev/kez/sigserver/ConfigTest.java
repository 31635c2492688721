package dev.kez.sigserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.sigserver.store.Store;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void zeroConfigDefaults() {
    Config c = Config.defaults();
    assertEquals(7878, c.port());
    assertEquals("0.0.0.0", c.bind());
    assertEquals("kez-sig.db", c.db());
    assertEquals(1 << 20, c.maxBodyBytes());
    assertTrue(c.accessLog());
    assertFalse(c.benchStatic());
  }

  @Test
  void flagsOverrideTheEnvironmentWhichOverridesDefaults() {
    Map<String, String> env = Map.of("KEZ_SIG_PORT", "9000", "KEZ_SIG_DB", "jdbc:postgresql://db/kez", "KEZ_SIG_MAX_BODY", "2048");
    Config fromEnv = Config.parse(new String[0], env);
    assertEquals(9000, fromEnv.port());
    assertEquals("jdbc:postgresql://db/kez", fromEnv.db());
    assertEquals(2048, fromEnv.maxBodyBytes());
    Config flags = Config.parse(new String[] {"--port", "9100", "--max-body=4096", "--access-log", "off"}, env);
    assertEquals(9100, flags.port());
    assertEquals(4096, flags.maxBodyBytes());
    assertFalse(flags.accessLog());
    assertEquals("jdbc:postgresql://db/kez", flags.db());
  }

  @Test
  void badValuesAreOneLineErrors() {
    for (String[] args : new String[][] {{"--port", "70000"}, {"--port"}, {"--nope", "1"}, {"stray"}, {"--rate", "-1"},
        {"--access-log", "maybe"}, {"--max-links", "0"}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Config.parse(args, Map.of()));
      assertFalse(e.getMessage().contains("\n"));
    }
  }

  @Test
  void passwordsNeverReachLogs() {
    assertEquals("jdbc:postgresql://db/kez?user=k&password=***", Store.redact("jdbc:postgresql://db/kez?user=k&password=s3cret"));
    assertEquals("jdbc:postgresql://k:***@db/kez", Store.redact("jdbc:postgresql://k:s3cret@db/kez"));
  }
}
