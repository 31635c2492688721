package dev.kez.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.core.testing.Tries;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Differential: wherever {@link PlainReader} reads a text, Jackson's ObjectMapper reads the same
 * tree (same node types); it reads every JSON text of the vectors; and it leaves to Jackson what it
 * is not sure of. TreeReaderTest then holds TreeReader (PlainReader, else Jackson's parser) equal
 * to the ObjectMapper, refusals included, on the vectors, generated values and mutations.
 */
class PlainReaderTest {
  /** PlainReader's tree, if any, is the ObjectMapper's, node types included. */
  private static void same(String text) {
    JsonNode plain = PlainReader.read(text);
    if (plain == null) return;
    try {
      JsonNode mapper = Json.mapper().readTree(text);
      assertEquals(describe(mapper), describe(plain), text);
    } catch (IOException e) {
      throw new AssertionError("PlainReader read what Jackson refuses: " + text, e);
    }
  }

  private static String describe(JsonNode n) {
    StringBuilder b = new StringBuilder(n.getClass().getSimpleName());
    if (n.isObject())
      n.properties()
          .forEach(
              e -> b.append(e.getKey()).append('=').append(describe(e.getValue())).append(','));
    else if (n.isArray()) n.forEach(c -> b.append(describe(c)).append(','));
    else b.append('(').append(n).append(')');
    return b.toString();
  }

  @Test
  void readsEveryVectorAsJacksonDoes() throws IOException {
    int read = 0;
    for (String t : TreeReaderTest.vectorTexts()) {
      if (t.isBlank()) continue;
      same(t);
      if (PlainReader.read(t) != null) read++;
    }
    assertTrue(read > 20, "PlainReader read " + read + " vector texts");
    assertNotNull(
        PlainReader.read("{\"kez\":\"0.2\",\"n\":[1,-2147483649,true,null,\"\\u00e9\\n\"]}"));
  }

  @Test
  void leavesTheUnusualToJackson() {
    for (String t :
        List.of(
            "",
            " ",
            "[1.5]",
            "[1e3]",
            "[-0]",
            "[01]",
            "[1234567890123456789]",
            "{\"a\":1,\"a\":2}",
            "\"\\ud83d\\ude00\"",
            "\"\ud83d\ude00\"",
            "\"a\u0001\"",
            "[1,]",
            "{} x",
            "tru",
            "[true1]",
            "\ufeff{}",
            "\"\\x\"",
            "\"\\u00g0\"",
            "[".repeat(33) + "]".repeat(33))) assertNull(PlainReader.read(t), t);
  }

  @Test
  void sameOnGeneratedAndMutatedTexts() {
    String alphabet = "{}[]\",:0123456789-+.eE\\ \n\ttfnrul\u00e9\u0000/ab";
    Tries.run(
        20000,
        r -> {
          String t = Tries.string(r, alphabet, 0, 40);
          same(t);
        });
    Tries.run(
        3000,
        r -> {
          StringBuilder b = new StringBuilder("{\"kez\":\"0.2\",\"created_at\":");
          b.append(r.nextLong() >> r.nextInt(64)).append(",\"note\":\"");
          b.append(Tries.anyString(r, 20).replace("\\", "\\\\").replace("\"", "\\\""));
          b.append("\",\"a\":[").append(r.nextInt()).append(",{}],\"b\":null}");
          String t = b.toString();
          same(t);
          int at = r.nextInt(t.length());
          same(
              t.substring(0, at) + alphabet.charAt(r.nextInt(alphabet.length())) + t.substring(at));
          same(t.substring(0, at) + t.substring(at + 1));
        });
  }
}
