package dev.kez.core.encoding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.Bech32;
import dev.kez.core.crypto.SecretKey;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random signed claims: every channel, both suites, optional expiry and note, extra members. */
final class ClaimArbitraries {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String DIGITS = "0123456789";

  private ClaimArbitraries() {}

  static Arbitrary<SecretKey> keys() {
    Arbitrary<byte[]> seed = Arbitraries.bytes().array(byte[].class).ofSize(32);
    return Combinators.combine(Arbitraries.of(Algorithm.values()), seed).as((alg, s) -> {
      try {
        return SecretKey.fromSecret(alg, s);
      } catch (MalformedException e) { // a secp256k1 scalar out of range: practically never
        return null;
      }
    }).filter(k -> k != null);
  }

  static Arbitrary<String> label() {
    return Arbitraries.strings().withChars(LOWER + DIGITS).ofMinLength(1).ofMaxLength(12);
  }

  static Arbitrary<String> domain() {
    Arbitrary<String> tld = Arbitraries.strings().withChars(LOWER).ofMinLength(2).ofMaxLength(6);
    Arbitrary<String> unicodeLabel = Arbitraries.of("bücher", "münchen", "例え", "café");
    return Combinators.combine(Arbitraries.oneOf(label(), unicodeLabel).list().ofMinSize(1).ofMaxSize(3), tld)
        .as((labels, t) -> String.join(".", labels) + "." + t);
  }

  /** Accounts as a user might type them (mixed case, aliases, IDN), normalized by Account.parse. */
  static Arbitrary<Account> accounts() {
    Arbitrary<String> dns = domain().map(d -> "dns:" + d);
    Arbitrary<String> github = label().list().ofMinSize(1).ofMaxSize(3).map(l -> "github:" + String.join("-", l))
        .filter(s -> s.length() <= 46);
    Arbitrary<String> nostr = Arbitraries.bytes().array(byte[].class).ofSize(32).map(b -> "nostr:" + Bech32.encode("npub", b));
    Arbitrary<String> bluesky = domain().map(d -> "bluesky:" + d);
    Arbitrary<String> ap = Combinators.combine(Arbitraries.of("ap:", "mastodon:", "AP:"), label(), domain())
        .as((p, u, d) -> p + u + "@" + d);
    Arbitrary<String> raw = Arbitraries.oneOf(dns, github, nostr, bluesky, ap);
    return Combinators.combine(raw, Arbitraries.of(true, false)).as((s, upper) -> {
      // Upper-casing is part of what normalization undoes; an npub must stay lowercase.
      String typed = upper && !s.startsWith("nostr:") ? s.toUpperCase(java.util.Locale.ROOT) : s;
      return Account.parse(typed);
    });
  }

  /** Text of valid Unicode scalar values: ASCII mostly, some controls, accents, emoji. */
  static Arbitrary<String> text(int maxCodePoints) {
    Arbitrary<Integer> cp = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(20, Arbitraries.integers().between(0x20, 0x7e)),
        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 0x1f)),
        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0xa0, 0xd7ff)),
        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x1f300, 0x1faff)));
    return cp.list().ofMaxSize(maxCodePoints).map(l -> {
      StringBuilder sb = new StringBuilder();
      l.forEach(sb::appendCodePoint);
      return sb.toString();
    });
  }

  /** Scalars, and arrays/objects of scalars: enough nesting to exercise JCS ordering and escapes. */
  static Arbitrary<JsonNode> jsonValue() {
    Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
        text(12).map(F::textNode),
        Arbitraries.longs().between(-(1L << 53) + 1, (1L << 53) - 1).map(F::numberNode),
        Arbitraries.integers().between(-1_000_000, 1_000_000).map(i -> F.numberNode(i / 100.0)),
        Arbitraries.of(true, false).map(F::booleanNode),
        Arbitraries.just(F.nullNode()));
    Arbitrary<JsonNode> array = leaf.list().ofMaxSize(3).map(l -> {
      var a = F.arrayNode();
      l.forEach(a::add);
      return a;
    });
    Arbitrary<JsonNode> object = Combinators.combine(text(4).list().ofMaxSize(3), leaf.list().ofSize(3)).as((names, values) -> {
      var o = F.objectNode();
      for (int i = 0; i < names.size(); i++) o.set(names.get(i), values.get(i));
      return o;
    });
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, leaf), net.jqwik.api.Tuple.of(1, array), net.jqwik.api.Tuple.of(1, object));
  }

  static Arbitrary<Map<String, JsonNode>> extras() {
    Arbitrary<String> name = Arbitraries.strings().withChars(LOWER + "_").ofMinLength(1).ofMaxLength(8).map(s -> "x_" + s);
    return Combinators.combine(name.list().ofMaxSize(3), jsonValue().list().ofSize(3)).as((names, values) -> {
      Map<String, JsonNode> m = new java.util.LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) m.put(names.get(i), values.get(i));
      return m;
    });
  }

  static Arbitrary<Claim> claims() {
    Arbitrary<Long> created = Arbitraries.longs().between(0, 4_000_000_000L);
    Arbitrary<Long> lifetime = Arbitraries.longs().between(1, 400_000_000L).injectNull(0.4);
    Arbitrary<String> note = text(280).injectNull(0.5);
    return Combinators.combine(keys(), accounts(), created, lifetime, note, extras()).as((key, account, c, life, n, extra) -> {
      Claim.Builder b = Claim.builder(account).createdAt(c);
      if (life != null) b.expiresAt(c + life);
      if (n != null) b.note(n);
      extra.forEach(b::member);
      return b.sign(key);
    });
  }
}
