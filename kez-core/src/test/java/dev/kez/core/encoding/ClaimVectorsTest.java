package dev.kez.core.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.claim.Claim;
import dev.kez.core.claim.ClaimVerifier;
import dev.kez.core.json.Jcs;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;
import dev.kez.core.testing.Vectors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of testdata/vectors/claims.json, from each of its encodings. */
class ClaimVectorsTest {
  /**
   * "Any time before 2027" where a case gives no "now": an hour after the vectors were made (one of
   * them expires in November 2026, so the end of 2026 would not do).
   */
  static final Instant BEFORE_2027 = Instant.ofEpochSecond(1764150000L + 3600);

  record Case(String name, JsonNode node) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases(String group) {
    JsonNode all = Vectors.json("claims.json").get(group);
    return StreamSupport.stream(all.spliterator(), false)
        .map(n -> new Case(n.get("name").textValue(), n));
  }

  static Stream<Case> valid() {
    return cases("valid");
  }

  static Stream<Case> invalid() {
    return cases("invalid");
  }

  static Instant now(JsonNode c) {
    return c.has("now") ? Instant.ofEpochSecond(c.get("now").longValue()) : BEFORE_2027;
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(s -> out.add(s.textValue()));
    return out;
  }

  @Test
  void theFileHoldsWhatWeExpect() {
    assertEquals(11, valid().count());
    assertEquals(14, invalid().count());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void validFromEveryEncoding(Case c) {
    JsonNode v = c.node();
    Claim expected = Claim.parse(v.get("claim"));
    JsonNode enc = v.get("encodings");
    List<String> txt = strings(enc.get("dns_txt"));
    String quoted = "\"" + String.join("\" \"", txt) + "\"";
    List<ClaimCodec.Decoded> decoded =
        List.of(
            ClaimCodec.decode(enc.get("json").textValue()),
            ClaimCodec.decode(enc.get("compact").textValue()),
            ClaimCodec.decode(enc.get("markdown").textValue()),
            ClaimCodec.decode("_kez.alice.example. 3600 IN TXT " + quoted),
            ClaimCodec.decode(
                ";; ANSWER SECTION:\n_kez.alice.example.\t300\tIN\tTXT\t\"v=spf1 -all\"\n_kez.alice.example.\t300\tIN\tTXT\t"
                    + quoted
                    + "\n"),
            ClaimCodec.decode(quoted),
            new ClaimCodec.Decoded(ClaimCodec.decodeTxt(txt), Encoding.DNS_TXT));
    List<Encoding> formats =
        List.of(
            Encoding.JSON,
            Encoding.COMPACT,
            Encoding.MARKDOWN,
            Encoding.DNS_TXT,
            Encoding.DNS_TXT,
            Encoding.DNS_TXT,
            Encoding.DNS_TXT);
    for (int i = 0; i < decoded.size(); i++) {
      Claim claim = decoded.get(i).claim();
      assertEquals(formats.get(i), decoded.get(i).encoding(), "encoding " + i);
      assertEquals(expected, claim, "claim from encoding " + i);
      ObjectNode unsigned = claim.toJson();
      unsigned.remove("sig");
      if (v.has("jcs")) assertEquals(v.get("jcs").textValue(), Jcs.canonicalString(unsigned));
      assertArrayEquals(HexFormat.of().parseHex(v.get("digest_hex").textValue()), claim.digest());
      Verdict verdict = ClaimVerifier.verify(claim, now(v), claim.account());
      assertEquals(Status.VALID, verdict.status(), verdict.reason());
    }
    for (Encoding f : Encoding.values()) {
      ClaimCodec.Decoded again = ClaimCodec.decode(ClaimCodec.encode(expected, f));
      assertEquals(expected, again.claim(), f.wireName());
      assertEquals(f, again.encoding());
    }
    assertEquals(expected, ClaimCodec.decodeTxt(ClaimCodec.txtStrings(expected)));
    // The deterministic writers match the independent implementation byte for byte.
    assertEquals(enc.get("json").textValue(), ClaimCodec.encode(expected, Encoding.JSON));
    assertEquals(enc.get("markdown").textValue(), ClaimCodec.encode(expected, Encoding.MARKDOWN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void ourTxtChunksAreAtMost255Bytes(Case c) {
    Claim claim = Claim.parse(c.node().get("claim"));
    List<String> chunks = ClaimCodec.txtStrings(claim);
    chunks.forEach(
        s -> assertTrue(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255));
    assertEquals(ClaimCodec.encode(claim, Encoding.COMPACT), String.join("", chunks));
    // Full 255-byte strings, then the rest: the same cut as the vector's writer.
    for (int i = 0; i < chunks.size() - 1; i++) assertEquals(255, chunks.get(i).length());
    assertEquals(
        strings(c.node().get("encodings").get("dns_txt")).get(0).length(), chunks.get(0).length());
    String line = ClaimCodec.encode(claim, Encoding.DNS_TXT);
    assertTrue(
        line.startsWith(
            claim.account().channel() == dev.kez.core.claim.Account.Channel.DNS
                ? "_kez." + claim.account().id() + ". 3600 IN TXT \"kez:z1:"
                : "_kez 3600 IN TXT \"kez:z1:"),
        line);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidIsRefusedWithItsStatus(Case c) {
    JsonNode v = c.node();
    Status expected = Status.fromWireName(v.get("expect").textValue());
    Status actual;
    try {
      Claim claim = ClaimCodec.decode(v.get("input").textValue()).claim();
      actual = ClaimVerifier.verify(claim, now(v)).status();
    } catch (MalformedException e) {
      assertEquals(-1, e.getMessage().indexOf('\n'), "one-line message");
      actual = Status.INVALID;
    }
    assertEquals(expected, actual);
  }
}
