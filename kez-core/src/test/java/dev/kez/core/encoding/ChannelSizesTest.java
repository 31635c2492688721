package dev.kez.core.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Account.Channel;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.testing.Vectors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Measures every encoding against every channel's limit (the table printed here is the one
 * in the README) and checks that {@link ClaimCodec#preferredFor} picks a form that fits.
 */
class ChannelSizesTest {
  static final SecretKey NOSTR = SecretKey.fromSecret(Algorithm.NOSTR, Vectors.hex("c59d67348a732b6ac3c215268f45b596f529bd6c4176f9f54c5b290edc488e2f"));
  static final SecretKey ED = SecretKey.fromSecret(Algorithm.ED25519, Vectors.hex("207a8c9c7fd9c736f2abc794c4dd8bc8e0982011326c11a053df3428fee990c8"));

  /** 280 characters of ordinary English, which compresses as such text does (not a repeated letter). */
  static final String NOTE = ("This is my main account for work and open source. I post about distributed systems, "
      + "cryptography and gardening. Older posts live on my previous handle, which I no longer use; "
      + "if someone claims to be me elsewhere, check this key first. Reach me by mail for anything urgent, thanks!!").substring(0, 280);

  /** A typical claim per channel and suite, and the worst cases: expiry plus a full 280-character note. */
  static Map<String, Claim> samples() {
    Map<String, Claim> out = new LinkedHashMap<>();
    for (JsonNode v : Vectors.json("claims.json").get("valid")) out.put(v.get("name").textValue(), Claim.parse(v.get("claim")));
    for (SecretKey key : List.of(NOSTR, ED)) {
      Claim.Builder b = Claim.builder(Account.parse("bluesky:alice.bsky.social")).createdAt(1764150000).expiresAt(1795686000);
      out.put(key.algorithm() + "-bluesky+expiry", b.sign(key));
      out.put(key.algorithm() + "-bluesky+note280", b.note(NOTE).sign(key));
      out.put(key.algorithm() + "-dns+note280-emoji", Claim.builder(Account.parse("dns:alice.example")).createdAt(1764150000)
          .note("🔑".repeat(280)).sign(key));
    }
    return out;
  }

  @Test
  void tableOfSizes() {
    StringBuilder table = new StringBuilder("| claim | JCS bytes |");
    for (Encoding e : Encoding.values()) table.append(' ').append(e.wireName()).append(" bytes |");
    for (Channel ch : Channel.values()) table.append(' ').append(ch.prefix()).append(" (limit ").append(ChannelLimits.limit(ch)).append(") |");
    table.append('\n');
    for (Map.Entry<String, Claim> s : samples().entrySet()) {
      Claim c = s.getValue();
      table.append("| ").append(s.getKey()).append(" | ").append(c.canonicalBytes().length).append(" |");
      for (Encoding e : Encoding.values()) table.append(' ').append(ClaimCodec.utf8(ClaimCodec.encode(c, e)).length).append(" |");
      for (Channel ch : Channel.values()) {
        Encoding pick = ClaimCodec.preferredFor(ch, c);
        List<String> sizes = new ArrayList<>();
        for (Encoding e : candidates(ch)) sizes.add(e.wireName() + " " + ChannelLimits.size(ch, c, e));
        table.append(' ').append(String.join(", ", sizes)).append(" → **").append(pick.wireName())
            .append(ChannelLimits.fits(ch, c, pick) ? "" : " (too big)").append("** |");
      }
      table.append('\n');
    }
    System.out.println(table);
  }

  static List<Encoding> candidates(Channel ch) {
    return switch (ch) {
      case DNS -> List.of(Encoding.DNS_TXT);
      case GITHUB -> List.of(Encoding.MARKDOWN);
      default -> List.of(Encoding.JSON, Encoding.COMPACT);
    };
  }

  @Test
  void thePickFitsWheneverSomeFormFits() {
    for (Claim c : samples().values()) {
      for (Channel ch : Channel.values()) {
        Encoding pick = ClaimCodec.preferredFor(ch, c);
        boolean anyFits = candidates(ch).stream().anyMatch(e -> ChannelLimits.fits(ch, c, e));
        assertEquals(anyFits, ChannelLimits.fits(ch, c, pick), ch + " " + c);
        if (!anyFits) { // then the smallest, so the user is told how far over it is
          int min = candidates(ch).stream().mapToInt(e -> ChannelLimits.size(ch, c, e)).min().orElseThrow();
          assertEquals(min, ChannelLimits.size(ch, c, pick));
        }
      }
      assertEquals(Encoding.DNS_TXT, ClaimCodec.preferredFor(Channel.DNS, c));
      assertEquals(Encoding.MARKDOWN, ClaimCodec.preferredFor(Channel.GITHUB, c));
    }
  }

  @Test
  void unitsAreTheChannels() {
    String family = "👨‍👩‍👧"; // one grapheme, five code points, eight UTF-16 units, 18 bytes
    assertEquals(1, ChannelLimits.graphemes(family));
    assertEquals(3, ChannelLimits.graphemes("e\u0301a😀"));
    Claim c = samples().get("nostr-dns");
    int rdata = ClaimCodec.txtStrings(c).stream().mapToInt(s -> s.length() + 1).sum();
    assertEquals(rdata, ChannelLimits.size(Channel.DNS, c, Encoding.DNS_TXT));
    assertTrue(ChannelLimits.size(Channel.BLUESKY, c, Encoding.JSON) <= ChannelLimits.size(Channel.NOSTR, c, Encoding.JSON));
  }
}
