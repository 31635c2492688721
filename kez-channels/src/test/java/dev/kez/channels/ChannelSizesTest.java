package dev.kez.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Account.Channel;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Measures every encoding against every channel's limit (the table printed here is the one in the
 * README) and checks that {@link ChannelPlugin#preferredEncoding} picks a form that fits.
 */
class ChannelSizesTest {
  static final SecretKey NOSTR =
      SecretKey.fromSecret(
          Algorithm.NOSTR,
          Vectors.hex("c59d67348a732b6ac3c215268f45b596f529bd6c4176f9f54c5b290edc488e2f"));
  static final SecretKey ED =
      SecretKey.fromSecret(
          Algorithm.ED25519,
          Vectors.hex("207a8c9c7fd9c736f2abc794c4dd8bc8e0982011326c11a053df3428fee990c8"));

  /**
   * 280 characters of ordinary English, which compresses as such text does (not a repeated letter).
   */
  static final String NOTE =
      ("This is my main account for work and open source. I post about distributed systems, "
              + "cryptography and gardening. Older posts live on my previous handle, which I no longer use; "
              + "if someone claims to be me elsewhere, check this key first. Reach me by mail for anything urgent, thanks!!")
          .substring(0, 280);

  /**
   * A typical claim per channel and suite, and the worst cases: expiry plus a full 280-character
   * note.
   */
  static Map<String, Claim> samples() {
    Map<String, Claim> out = new LinkedHashMap<>();
    for (JsonNode v : Vectors.json("claims.json").get("valid"))
      out.put(v.get("name").textValue(), Claim.parse(v.get("claim")));
    for (SecretKey key : List.of(NOSTR, ED)) {
      Claim.Builder b =
          Claim.builder(Account.parse("bluesky:alice.bsky.social"))
              .createdAt(1764150000)
              .expiresAt(1795686000);
      out.put(key.algorithm() + "-bluesky+expiry", b.sign(key));
      out.put(key.algorithm() + "-bluesky+note280", b.note(NOTE).sign(key));
      out.put(
          key.algorithm() + "-dns+note280-emoji",
          Claim.builder(Account.parse("dns:alice.example"))
              .createdAt(1764150000)
              .note("🔑".repeat(280))
              .sign(key));
    }
    return out;
  }

  @Test
  void tableOfSizes() {
    StringBuilder table = new StringBuilder("| claim | JCS bytes |");
    for (Encoding e : Encoding.values()) table.append(' ').append(e.wireName()).append(" bytes |");
    for (Channel ch : Channel.values())
      table
          .append(' ')
          .append(ch.prefix())
          .append(" (limit ")
          .append(ChannelPlugin.of(ch).limit().max())
          .append(") |");
    table.append('\n');
    for (Map.Entry<String, Claim> s : samples().entrySet()) {
      Claim c = s.getValue();
      table
          .append("| ")
          .append(s.getKey())
          .append(" | ")
          .append(c.canonicalBytes().length)
          .append(" |");
      for (Encoding e : Encoding.values())
        table
            .append(' ')
            .append(ClaimCodec.encode(c, e).getBytes(StandardCharsets.UTF_8).length)
            .append(" |");
      for (Channel ch : Channel.values()) {
        ChannelPlugin p = ChannelPlugin.of(ch);
        Encoding pick = p.preferredEncoding(c);
        List<String> sizes = new ArrayList<>();
        for (Encoding e : candidates(ch)) sizes.add(e.wireName() + " " + p.size(c, e));
        table
            .append(' ')
            .append(String.join(", ", sizes))
            .append(" → **")
            .append(pick.wireName())
            .append(p.fits(c, pick) ? "" : " (too big)")
            .append("** |");
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
        ChannelPlugin p = ChannelPlugin.of(ch);
        Encoding pick = p.preferredEncoding(c);
        boolean anyFits = candidates(ch).stream().anyMatch(e -> p.fits(c, e));
        assertEquals(anyFits, p.fits(c, pick), ch + " " + c);
        if (!anyFits) { // then the smallest, so the user is told how far over it is
          int min = candidates(ch).stream().mapToInt(e -> p.size(c, e)).min().orElseThrow();
          assertEquals(min, p.size(c, pick));
        }
      }
      assertEquals(Encoding.DNS_TXT, ChannelPlugin.of(Channel.DNS).preferredEncoding(c));
      assertEquals(Encoding.MARKDOWN, ChannelPlugin.of(Channel.GITHUB).preferredEncoding(c));
    }
  }

  @Test
  void everyChannelsPublishedFormReadsBack() {
    for (Claim c : samples().values()) {
      for (ChannelPlugin p : ChannelPlugin.all()) {
        for (Encoding e : Encoding.values()) {
          ClaimCodec.Decoded d = ClaimCodec.decode(p.proofText(c, e));
          assertEquals(c, d.claim(), e.wireName() + " on " + p.channel());
          assertEquals(e, d.encoding(), e.wireName() + " on " + p.channel());
        }
      }
    }
  }

  @Test
  void unitsAreTheChannels() {
    String family = "👨‍👩‍👧"; // one grapheme, five code points, eight UTF-16 units, 18 bytes
    assertEquals(1, SizeLimit.Unit.GRAPHEMES.count(family));
    assertEquals(3, SizeLimit.Unit.GRAPHEMES.count("e\u0301a😀"));
    Claim c = samples().get("nostr-dns");
    int rdata = ClaimCodec.txtStrings(c).stream().mapToInt(s -> s.length() + 1).sum();
    assertEquals(rdata, ChannelPlugin.of(Channel.DNS).size(c, Encoding.DNS_TXT));
    assertTrue(
        ChannelPlugin.of(Channel.BLUESKY).size(c, Encoding.JSON)
            <= ChannelPlugin.of(Channel.NOSTR).size(c, Encoding.JSON));
  }
}
