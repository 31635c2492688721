package dev.kez.channels.nostr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.core.MalformedException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelayClientTest {
  /** The relay client shares the HTTP fetches' address policy (AddressPolicyTest has the table). */
  @Test
  void loopbackIsRefusedUnlessAllowed() {
    assertTrue(RelayClient.refusal("127.0.0.1", false).orElseThrow().contains("loopback"));
    assertTrue(RelayClient.refusal("[2002:7f00:1::]", false).orElseThrow().contains("6to4"));
    assertTrue(RelayClient.refusal("198.18.0.1", false).orElseThrow().contains("benchmarking"));
    assertTrue(RelayClient.refusal("127.0.0.1", true).isEmpty());
    assertTrue(RelayClient.refusal("1.1.1.1", false).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"https://relay.example", "relay.example", "ws://", "ws:/path", "wss://[bad"})
  void onlyWebSocketAddressesAreRelays(String relay) {
    assertThrows(MalformedException.class, () -> RelayClient.relayUri(relay));
  }

  @Test
  void aMalformedRelayIsAFailedExchangeNotAnException() {
    RelayClient.Exchange x =
        RelayClient.exchange(
                "http://127.0.0.1:1",
                List.of("[]"),
                m -> true,
                null,
                Duration.ofSeconds(1),
                true,
                Clock.systemUTC())
            .join();
    assertFalse(x.retryable());
    assertFalse(x.ok());
    assertEquals(List.of(), x.messages());
  }

  @Test
  void relayAddressesAreComparedNormalized() {
    assertEquals("wss://relay.example", NostrChannel.normalize("WSS://Relay.Example/"));
    assertEquals("wss://relay.example/Path", NostrChannel.normalize("wss://relay.example/Path/"));
  }
}
