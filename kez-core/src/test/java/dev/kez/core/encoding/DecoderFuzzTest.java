package dev.kez.core.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.MalformedException;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.Link;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.crypto.Bech32;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Jcs;
import dev.kez.core.json.Json;
import dev.kez.core.testing.Tries;
import dev.kez.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input into every decoder of kez-core: the only exception that may come out is
 * {@link MalformedException} with a one-line message, and every call returns quickly.
 */
class DecoderFuzzTest {
  /** Generous for a 2-core CI box shared by many builds; a hang would take forever. */
  static final Duration BOUND = Duration.ofSeconds(10);

  static final List<Consumer<String>> DECODERS =
      List.of(
          ClaimCodec::decode,
          s -> Claim.parse(s),
          Json::parse,
          Jcs::canonicalize,
          Bech32::decode,
          Base64Url::decode,
          PublicKey::parse,
          Account::parse,
          Account::parseNormalized,
          SecretKey::fromNsec,
          Encoding::fromName,
          Bundle::parse,
          s -> Link.parse(s),
          s -> ClaimCodec.decodeTxt(List.of(s)),
          s ->
              ClaimCodec.decodeTxt(
                  List.of(s.substring(0, s.length() / 2), s.substring(s.length() / 2))));

  /** Feeds one input to every decoder, all of them together bounded in time. */
  static void onlyMalformed(String input) {
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          for (Consumer<String> decoder : DECODERS) {
            try {
              decoder.accept(input);
            } catch (MalformedException e) {
              assertNotNull(e.getMessage());
              assertEquals(-1, e.getMessage().indexOf('\n'), "one-line message: " + e.getMessage());
              assertEquals(-1, e.getMessage().indexOf('\r'), "one-line message: " + e.getMessage());
            }
          }
        });
  }

  /** Valid encodings to mutate: every form of every valid vector, and the invalid inputs. */
  static final List<String> SEEDS = seeds();

  static List<String> seeds() {
    List<String> out = new ArrayList<>();
    JsonNode claims = Vectors.json("claims.json");
    for (JsonNode v : claims.get("valid")) {
      JsonNode e = v.get("encodings");
      out.add(e.get("json").textValue());
      out.add(e.get("compact").textValue());
      out.add(e.get("markdown").textValue());
      StringBuilder txt = new StringBuilder("_kez.alice.example. 3600 IN TXT");
      e.get("dns_txt").forEach(s -> txt.append(" \"").append(s.textValue()).append('"'));
      out.add(txt.toString());
      out.add(v.get("claim").get("key").textValue());
      out.add(v.get("claim").get("account").textValue());
      out.add(v.get("claim").get("sig").textValue());
    }
    claims.get("invalid").forEach(i -> out.add(i.get("input").textValue()));
    claims
        .get("keys")
        .forEach(k -> {
          if (k.has("nsec")) out.add(k.get("nsec").textValue());
        });
    out.add(Vectors.text("chain-valid.jsonl")); // the bundle and link readers
    return List.copyOf(out);
  }

  // ---- random input ----

  static String anyText(Random r) {
    return switch (r.nextInt(3)) {
      case 0 -> Tries.anyString(r, 300);
      case 1 -> Tries.string(r, "{}[]\":,.-+eE0123456789 \n\t\\u/truefalsnkz~`#;()", 0, 300);
      default ->
          Tries.pick(
                  r,
                  "kez:z1:",
                  "kez:",
                  "npub1",
                  "nsec1",
                  "ed25519:",
                  "github:",
                  "dns:",
                  "ap:",
                  "{\"kez\":\"0.2\",",
                  "```kez\n",
                  "\"kez:z1:",
                  "_kez IN TXT \"")
              + Tries.string(
                  r,
                  "qpzry9x8gf2tvdw0s3jn54khce6mua7lABCDEFGHIJKLMNOPQRSTUVWXYZ-_=@.\"{}:1 ",
                  0,
                  200);
    };
  }

  @Test
  void randomText() {
    Tries.run(200, r -> onlyMalformed(anyText(r)));
  }

  @Test
  void randomBytes() {
    Tries.run(150, r -> randomBytes(Tries.bytes(r, 0, 400)));
  }

  private static void randomBytes(byte[] bytes) {
    onlyMalformed(new String(bytes, StandardCharsets.UTF_8));
    onlyMalformed(new String(bytes, StandardCharsets.ISO_8859_1));
    onlyMalformed(Compact.PREFIX + Base64Url.encode(bytes));
    // Past the magic number, so the bytes reach libzstd's frame parser.
    byte[] framed =
        CompactLimitsTest.concat(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, bytes);
    onlyMalformed(Compact.PREFIX + Base64Url.encode(framed));
  }

  // ---- mutated valid input ----

  /**
   * One edit: flip a bit of a char, delete, insert, duplicate or truncate, at a relative position.
   */
  record Edit(int kind, double at, int length, char c, int bit) {
    String apply(String s) {
      int i = (int) (at * s.length());
      int j = Math.min(s.length(), i + length);
      return switch (kind) {
        case 0 ->
            i < s.length()
                ? s.substring(0, i) + (char) (s.charAt(i) ^ (1 << bit)) + s.substring(i + 1)
                : s;
        case 1 -> s.substring(0, i) + s.substring(j);
        case 2 -> s.substring(0, i) + c + s.substring(i);
        case 3 -> s.substring(0, j) + s.substring(i, j) + s.substring(j);
        default -> s.substring(0, i);
      };
    }

    byte[] apply(byte[] b) {
      String s = new String(b, StandardCharsets.ISO_8859_1);
      return (kind == 0 && i(b) < b.length
          ? flip(b)
          : apply(s).getBytes(StandardCharsets.ISO_8859_1));
    }

    private int i(byte[] b) {
      return (int) (at * b.length);
    }

    private byte[] flip(byte[] b) {
      byte[] out = b.clone();
      out[i(b)] ^= (byte) (1 << bit);
      return out;
    }
  }

  static final String EDIT_CHARS = "\"{}[]:,\\`~\n \u0000\u00e9\uD83D";

  static List<Edit> edits(Random r) {
    return Tries.list(
        r,
        1,
        4,
        x ->
            new Edit(
                x.nextInt(5),
                x.nextDouble(),
                Tries.between(x, 1, 40),
                EDIT_CHARS.charAt(x.nextInt(EDIT_CHARS.length())),
                x.nextInt(8)));
  }

  static String edited(String s, List<Edit> edits) {
    for (Edit e : edits) s = e.apply(s);
    return s;
  }

  @Test
  void mutatedEncodings() {
    Tries.run(200, r -> onlyMalformed(edited(Tries.pick(r, SEEDS), edits(r))));
  }

  /** Mutates the zstd frame itself, not its base64 text, to reach deep into the decompressor. */
  @Test
  void mutatedFrames() {
    Tries.run(200, r -> mutatedFrames(Tries.pick(r, SEEDS), edits(r)));
  }

  private static void mutatedFrames(String seed, List<Edit> edits) {
    String compact = seed.startsWith(Compact.PREFIX) ? seed : SEEDS.get(1);
    byte[] frame = Base64Url.decode(compact.substring(Compact.PREFIX.length()));
    for (Edit e : edits) frame = e.apply(frame);
    String mutated = Compact.PREFIX + Base64Url.encode(frame);
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          try {
            ClaimCodec.decode(mutated);
          } catch (MalformedException e) {
            assertEquals(-1, e.getMessage().indexOf('\n'));
          }
        });
  }

  @Test
  void mutatedGeneratedClaims() {
    Tries.run(
        100,
        r ->
            onlyMalformed(
                edited(
                    ClaimCodec.encode(RandomClaims.claim(r), Tries.pick(r, Encoding.values())),
                    edits(r))));
  }
}
