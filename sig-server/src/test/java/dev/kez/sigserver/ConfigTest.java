package dev.kez.sigserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.server.Database;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void zeroConfigDefaults() {
    Config c = Config.defaults();
    assertEquals(7878, c.http().port());
    assertEquals("0.0.0.0", c.http().bind());
    assertEquals("kez-sig.db", c.http().db());
    assertEquals(1 << 20, c.http().maxBodyBytes());
    assertTrue(c.http().accessLog());
    assertFalse(c.benchStatic());
  }

  @Test
  void flagsOverrideTheEnvironmentWhichOverridesDefaults() {
    Map<String, String> env =
        Map.of(
            "KEZ_SIG_PORT",
            "9000",
            "KEZ_SIG_DB",
            "jdbc:postgresql://db/kez",
            "KEZ_SIG_MAX_BODY",
            "2048");
    Config fromEnv = Config.parse(new String[0], env);
    assertEquals(9000, fromEnv.http().port());
    assertEquals("jdbc:postgresql://db/kez", fromEnv.http().db());
    assertEquals(2048, fromEnv.http().maxBodyBytes());
    Config flags =
        Config.parse(
            new String[] {"--port", "9100", "--max-body=4096", "--access-log", "off"}, env);
    assertEquals(9100, flags.http().port());
    assertEquals(4096, flags.http().maxBodyBytes());
    assertFalse(flags.http().accessLog());
    assertEquals("jdbc:postgresql://db/kez", flags.http().db());
  }

  @Test
  void badValuesAreOneLineErrors() {
    for (String[] args :
        new String[][] {
          {"--port", "70000"},
          {"--port"},
          {"--nope", "1"},
          {"stray"},
          {"--rate", "-1"},
          {"--access-log", "maybe"},
          {"--max-links", "0"}
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Config.parse(args, Map.of()));
      assertFalse(e.getMessage().contains("\n"));
    }
  }

  @Test
  void passwordsNeverReachLogs() {
    assertEquals(
        "jdbc:postgresql://db/kez?user=k&password=***",
        Database.redact("jdbc:postgresql://db/kez?user=k&password=s3cret"));
    assertEquals(
        "jdbc:postgresql://k:***@db/kez", Database.redact("jdbc:postgresql://k:s3cret@db/kez"));
  }
}
