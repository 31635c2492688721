package dev.kez.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.MalformedException;
import dev.kez.core.testing.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** NIP-19's examples: npub and nsec, both ways. */
class Nip19VectorsTest {
  static Stream<JsonNode> examples() {
    List<JsonNode> out = new ArrayList<>();
    Vectors.json("third-party/nostr.json").get("nip19").forEach(out::add);
    return out.stream();
  }

  @Test
  void bothKindsArePresent() {
    assertEquals(2, examples().filter(e -> e.has("npub")).count());
    assertEquals(1, examples().filter(e -> e.has("nsec")).count());
  }

  @ParameterizedTest
  @MethodSource("examples")
  void encodesAndDecodes(JsonNode e) {
    if (e.has("npub")) {
      String npub = e.get("npub").textValue();
      byte[] raw = Vectors.hex(e.get("hex_public").textValue());
      assertEquals(npub, NostrPublicKey.fromHex(e.get("hex_public").textValue()).encoded());
      assertEquals(npub, Bech32.encode("npub", raw));
      assertArrayEquals(raw, PublicKey.parse(npub).bytes());
      assertArrayEquals(raw, Bech32.decode(npub, "npub"));
      assertThrows(MalformedException.class, () -> Bech32.decode(npub, "nsec"));
    } else {
      String nsec = e.get("nsec").textValue();
      byte[] raw = Vectors.hex(e.get("hex_secret").textValue());
      assertEquals(nsec, SecretKey.fromSecret(Algorithm.NOSTR, raw).toNsec());
      assertArrayEquals(raw, SecretKey.fromNsec(nsec).exportSecret());
      assertArrayEquals(raw, Bech32.decode(nsec, "nsec"));
      assertThrows(MalformedException.class, () -> PublicKey.parse(nsec));
    }
  }

  @Test
  void aChangedCharacterBreaksTheChecksum() {
    String npub = "npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w6";
    String changed =
        npub.substring(0, 10) + (npub.charAt(10) == 'q' ? 'p' : 'q') + npub.substring(11);
    assertThrows(MalformedException.class, () -> PublicKey.parse(changed));
    assertThrows(
        MalformedException.class,
        () -> PublicKey.parse(npub.toUpperCase().substring(0, 5) + npub.substring(5)));
  }
}
