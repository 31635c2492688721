package dev.kez.channels.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.MalformedException;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.testing.Vectors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The online claim reader under mutated input (issue 10: fuzz the readers changed): every encoding
 * of every valid vector, set in the texts channels publish (a gist, a post, a bio with an example
 * block before the proof), then edited at random. {@link ClaimText#find} must be total and quick,
 * its problems one line, and wherever `verify claim` finds a {@code kez} fence the two must agree:
 * the same claim, or the same malformed reason.
 */
class ClaimTextFuzzTest {
  private static final int TRIES = 600;
  private static final String ALPHABET = "`~ \n\r\t{}[]\":,\\kez#>-_éz1";

  static List<String> seeds() {
    List<String> out = new ArrayList<>();
    for (JsonNode v : Vectors.json("claims.json").get("valid")) {
      JsonNode e = v.get("encodings");
      for (String name : List.of("json", "compact", "markdown")) out.add(e.get(name).textValue());
    }
    return out;
  }

  /** A published text around an encoding: prose, a fenced example first, a post. */
  static String publish(Random r, String encoding) {
    String fenced = encoding.contains("```") ? encoding : "```kez\n" + encoding + "\n```\n";
    return switch (r.nextInt(4)) {
      case 0 -> "# Proof\n\n" + fenced;
      case 1 -> "An example:\n\n~~~markdown\n" + fenced + "~~~\n\nMine:\n\n" + fenced;
      case 2 -> "Verifying my identity: " + encoding + " #kez";
      default -> "bio line\r\n" + fenced.replace("\n", "\r\n");
    };
  }

  /**
   * One random edit: flip a bit, delete a run, insert a character, duplicate a run, or truncate.
   */
  static String edit(Random r, String s) {
    if (s.isEmpty()) return String.valueOf(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    int i = r.nextInt(s.length());
    int j = Math.min(s.length(), i + 1 + r.nextInt(40));
    return switch (r.nextInt(5)) {
      case 0 -> s.substring(0, i) + (char) (s.charAt(i) ^ (1 << r.nextInt(8))) + s.substring(i + 1);
      case 1 -> s.substring(0, i) + s.substring(j);
      case 2 -> s.substring(0, i) + ALPHABET.charAt(r.nextInt(ALPHABET.length())) + s.substring(i);
      case 3 -> s.substring(0, j) + s.substring(i, j) + s.substring(j);
      default -> s.substring(0, i);
    };
  }

  /**
   * A megabyte of small JSON objects is read in linear time (each is parsed in place, not copied
   * out).
   */
  @Test
  void manyObjectsStayLinear() {
    String text = "{\"a\":1} ".repeat((1 << 20) / 9);
    assertTimeoutPreemptively(
        Duration.ofSeconds(10), () -> assertTrue(!ClaimText.find(text).sawCandidate()));
  }

  @Test
  void mutatedPublishedTexts() {
    List<String> seeds = seeds();
    long seed = new Random().nextLong();
    Random r = new Random(seed);
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          for (int t = 0; t < TRIES; t++) {
            String text = publish(r, seeds.get(r.nextInt(seeds.size())));
            for (int n = r.nextInt(5); n > 0; n--) text = edit(r, text);
            check(text, "seed " + seed + ", try " + t);
          }
        });
  }

  static void check(String text, String where) {
    ClaimText.Result online = ClaimText.find(text);
    for (String p : online.problems())
      assertTrue(p.indexOf('\n') < 0 && p.indexOf('\r') < 0, where + ": " + p);
    String stripped = text.strip();
    if (stripped.startsWith("kez:") || stripped.startsWith("{") || stripped.startsWith("\uFEFF"))
      return; // not Markdown offline
    try {
      ClaimCodec.Decoded offline = ClaimCodec.decode(text);
      if (offline.encoding() == Encoding.MARKDOWN) {
        assertEquals(List.of(offline.claim()), online.claims(), where + ":\n" + text);
      }
    } catch (MalformedException e) {
      if (hasKezFence(text)) {
        assertEquals(List.of(), online.claims(), where + ":\n" + text);
        assertEquals(List.of(e.getMessage()), online.problems(), where + ":\n" + text);
      }
    }
  }

  /** Whether the text holds a kez fence, by the one reader (a damaged block still is one). */
  private static boolean hasKezFence(String text) {
    try {
      return ClaimCodec.fromMarkdown(text).isPresent();
    } catch (MalformedException e) {
      return true;
    }
  }
}
