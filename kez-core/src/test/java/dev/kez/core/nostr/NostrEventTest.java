package dev.kez.core.nostr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import dev.kez.core.testing.Vectors;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NostrEventTest {
  private static JsonNode vectors() {
    return Vectors.json("third-party/nostr.json");
  }

  @Test
  void everyValidVectorVerifies() {
    JsonNode valid = vectors().get("valid_events");
    assertTrue(valid.size() >= 4);
    for (JsonNode v : valid) {
      NostrEvent e = NostrEvent.parse(v);
      assertEquals(e.id(), e.computedId(), v.toString());
      assertTrue(e.verify(), v.toString());
    }
  }

  @Test
  void everyInvalidVectorFails() {
    JsonNode invalid = vectors().get("invalid_events");
    assertTrue(invalid.size() >= 2);
    for (JsonNode v : invalid) assertFalse(NostrEvent.parse(v).verify(), v.toString());
  }

  @Test
  void serializationEscapesOnlyTheSevenNip01Characters() {
    NostrEvent e =
        new NostrEvent(
            "0".repeat(64),
            "ab".repeat(32),
            1,
            30078,
            List.of(List.of("d", "kez")),
            "a\n\"\\\r\t\b\f\u0001\u007f/é🌍<",
            "0".repeat(128));
    assertEquals(
        "[0,\""
            + "ab".repeat(32)
            + "\",1,30078,[[\"d\",\"kez\"]],\"a\\n\\\"\\\\\\r\\t\\b\\f\u0001\u007f/é🌍<\"]",
        e.serialization());
  }

  @Test
  void signedEventsVerifyAndRoundTrip() {
    SecretKey key = SecretKey.generate(Algorithm.NOSTR);
    NostrEvent e =
        NostrEvent.sign(key, 1764150000, 30078, List.of(List.of("d", "kez")), "kez:z1:abc\u0000\n");
    assertTrue(e.verify());
    assertEquals(key.publicKey(), e.author());
    assertEquals("kez", e.tagValue("d").orElseThrow());
    NostrEvent back = NostrEvent.parse(Json.write(e.toJson()));
    assertEquals(e, back);
    assertTrue(back.verify());
    // A changed tag, time or kind changes the id; a signature by another key fails.
    assertFalse(
        new NostrEvent(
                e.id(),
                e.pubkey(),
                e.createdAt(),
                e.kind(),
                List.of(List.of("d", "kex")),
                e.content(),
                e.sig())
            .verify());
    assertFalse(
        new NostrEvent(
                e.id(), e.pubkey(), e.createdAt() + 1, e.kind(), e.tags(), e.content(), e.sig())
            .verify());
    NostrEvent other =
        NostrEvent.sign(
            SecretKey.generate(Algorithm.NOSTR), e.createdAt(), e.kind(), e.tags(), e.content());
    assertFalse(
        new NostrEvent(
                e.id(), e.pubkey(), e.createdAt(), e.kind(), e.tags(), e.content(), other.sig())
            .verify());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "{\"id\":\"%ID\",\"pubkey\":\"%PK\",\"created_at\":1,\"kind\":1,\"tags\":[],\"content\":\"x\"}",
        "{\"id\":\"%ID\",\"pubkey\":\"%PK\",\"created_at\":1,\"kind\":1,\"tags\":[],\"content\":1,\"sig\":\"%SIG\"}",
        "{\"id\":\"%ID\",\"pubkey\":\"%PK\",\"created_at\":\"1\",\"kind\":1,\"tags\":[],\"content\":\"x\",\"sig\":\"%SIG\"}",
        "{\"id\":\"%ID\",\"pubkey\":\"%PK\",\"created_at\":1,\"kind\":70000,\"tags\":[],\"content\":\"x\",\"sig\":\"%SIG\"}",
        "{\"id\":\"%ID\",\"pubkey\":\"%PK\",\"created_at\":1,\"kind\":1,\"tags\":[[\"d\",1]],\"content\":\"x\",\"sig\":\"%SIG\"}",
        "{\"id\":\"%ID\",\"pubkey\":\"%PK\",\"created_at\":1,\"kind\":1,\"tags\":[\"d\"],\"content\":\"x\",\"sig\":\"%SIG\"}",
        "{\"id\":\"%ID\",\"pubkey\":\"%PK\",\"created_at\":1,\"kind\":1,\"tags\":{},\"content\":\"x\",\"sig\":\"%SIG\"}",
        "{\"id\":\"%ID\",\"pubkey\":\"%PKX\",\"created_at\":1,\"kind\":1,\"tags\":[],\"content\":\"x\",\"sig\":\"%SIG\"}",
        "{\"id\":\"%ID\",\"pubkey\":\"%PK\",\"created_at\":1,\"kind\":1,\"tags\":[],\"content\":\"x\",\"sig\":\"%SIG\",\"sig\":\"%SIG\"}",
      })
  void malformedEventsAreRefused(String template) {
    String json =
        template
            .replace("%ID", "a".repeat(64))
            .replace("%PKX", "AB".repeat(32))
            .replace("%PK", "ab".repeat(32))
            .replace("%SIG", "c".repeat(128));
    assertThrows(MalformedException.class, () -> NostrEvent.parse(json));
  }
}
