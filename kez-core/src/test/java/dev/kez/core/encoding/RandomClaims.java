package dev.kez.core.encoding;

import static dev.kez.core.testing.Tries.between;
import static dev.kez.core.testing.Tries.list;
import static dev.kez.core.testing.Tries.pick;
import static dev.kez.core.testing.Tries.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.Bech32;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.testing.Tries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** Random signed claims: every channel, both suites, optional expiry and note, extra members. */
final class RandomClaims {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String DIGITS = "0123456789";

  private RandomClaims() {}

  static SecretKey key(Random r) {
    while (true) {
      byte[] seed = new byte[32];
      r.nextBytes(seed);
      try {
        return SecretKey.fromSecret(pick(r, Algorithm.values()), seed);
      } catch (MalformedException e) { // a secp256k1 scalar out of range: practically never
      }
    }
  }

  static String label(Random r) {
    return string(r, LOWER + DIGITS, 1, 12);
  }

  static String domain(Random r) {
    List<String> labels =
        list(r, 1, 3, x -> x.nextBoolean() ? label(x) : pick(x, "bücher", "münchen", "例え", "café"));
    return String.join(".", labels) + "." + string(r, LOWER, 2, 6);
  }

  /** Accounts as a user might type them (mixed case, aliases, IDN), normalized by Account.parse. */
  static Account account(Random r) {
    String raw =
        switch (r.nextInt(5)) {
          case 0 -> "dns:" + domain(r);
          case 1 -> {
            String login;
            do login = "github:" + String.join("-", list(r, 1, 3, RandomClaims::label));
            while (login.length() > 46);
            yield login;
          }
          case 2 -> {
            byte[] b = new byte[32];
            r.nextBytes(b);
            yield "nostr:" + Bech32.encode("npub", b);
          }
          case 3 -> "bluesky:" + domain(r);
          default -> pick(r, "ap:", "mastodon:", "AP:") + label(r) + "@" + domain(r);
        };
    // Upper-casing is part of what normalization undoes; an npub must stay lowercase.
    String typed =
        r.nextBoolean() && !raw.startsWith("nostr:") ? raw.toUpperCase(Locale.ROOT) : raw;
    return Account.parse(typed);
  }

  /** Text of valid Unicode scalar values: ASCII mostly, some controls, accents, emoji. */
  static String text(Random r, int maxCodePoints) {
    StringBuilder sb = new StringBuilder();
    for (int n = Tries.size(r, 0, maxCodePoints); n > 0; n--) {
      int f = r.nextInt(27); // weights 20 : 2 : 3 : 2
      sb.appendCodePoint(
          f < 20
              ? between(r, 0x20, 0x7e)
              : f < 22
                  ? between(r, 0, 0x1f)
                  : f < 25 ? between(r, 0xa0, 0xd7ff) : between(r, 0x1f300, 0x1faff));
    }
    return sb.toString();
  }

  /**
   * Scalars, and arrays/objects of scalars: enough nesting to exercise JCS ordering and escapes.
   */
  static JsonNode jsonValue(Random r) {
    int f = r.nextInt(6); // weights leaf 4 : array 1 : object 1
    if (f == 4) {
      var a = F.arrayNode();
      list(r, 0, 3, RandomClaims::leaf).forEach(a::add);
      return a;
    }
    if (f == 5) {
      var o = F.objectNode();
      List<String> names = list(r, 0, 3, x -> text(x, 4));
      for (String name : names) o.set(name, leaf(r));
      return o;
    }
    return leaf(r);
  }

  private static JsonNode leaf(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> F.textNode(text(r, 12));
      case 1 -> F.numberNode(r.nextLong(-(1L << 53) + 1, 1L << 53));
      case 2 -> F.numberNode(between(r, -1_000_000, 1_000_000) / 100.0);
      case 3 -> F.booleanNode(r.nextBoolean());
      default -> F.nullNode();
    };
  }

  static Map<String, JsonNode> extras(Random r) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    for (String name : list(r, 0, 3, x -> "x_" + string(x, LOWER + "_", 1, 8)))
      m.put(name, jsonValue(r));
    return m;
  }

  static Claim claim(Random r) {
    SecretKey key = key(r);
    long created = r.nextLong(0, 4_000_000_001L);
    Claim.Builder b = Claim.builder(account(r)).createdAt(created);
    if (r.nextInt(10) >= 4)
      b.expiresAt(created + r.nextLong(1, 400_000_001L)); // none 40% of the time
    if (r.nextBoolean()) b.note(text(r, 280));
    extras(r).forEach(b::member);
    return b.sign(key);
  }
}
