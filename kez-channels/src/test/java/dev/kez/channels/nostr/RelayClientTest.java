package dev.kez.channels.nostr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.core.MalformedException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RelayClientTest {
  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1",
      "::1", "fe80::1", "fc00::1", "fd12::1", "::"})
  void nonPublicAddressesAreNamed(String ip) throws Exception {
    assertNotNull(dev.kez.channels.http.AddressPolicy.nonPublic(InetAddress.getByName(ip)), ip);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "2606:4700::1111"})
  void publicAddressesPass(String ip) throws Exception {
    assertNull(dev.kez.channels.http.AddressPolicy.nonPublic(InetAddress.getByName(ip)), ip);
  }

  @Test
  void loopbackIsRefusedUnlessAllowed() {
    assertTrue(RelayClient.refusal("127.0.0.1", false).contains("loopback"));
    assertNull(RelayClient.refusal("127.0.0.1", true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://relay.example", "relay.example", "ws://", "ws:/path", "wss://[bad"})
  void onlyWebSocketAddressesAreRelays(String relay) {
    assertThrows(MalformedException.class, () -> RelayClient.relayUri(relay));
  }

  @Test
  void aMalformedRelayIsAFailedExchangeNotAnException() {
    RelayClient.Exchange x = RelayClient.exchange("http://127.0.0.1:1", List.of("[]"), m -> true, null,
        Duration.ofSeconds(1), true, Clock.systemUTC()).join();
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
