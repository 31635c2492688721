package dev.kez.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.kez.core.testing.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Differential: {@link TreeReader} gives the tree ObjectMapper gives (same node types, so the same
 * numbers) and refuses what it refuses, and {@link Json}'s writers print what the ObjectMapper's
 * print, on every JSON text of the vectors, on generated values and on mutations of both.
 */
class TreeReaderTest {
  /** What one reader made of a text: its tree, or that it refused it. */
  private static String outcome(String text, boolean streaming) {
    try {
      JsonNode node = streaming ? TreeReader.read(text) : Json.mapper().readTree(text);
      if (node == null || node.isMissingNode()) return "no value";
      return "tree " + node.getClass().getSimpleName() + " " + describe(node);
    } catch (IOException e) {
      return "refused";
    }
  }

  /** The tree with every node's type, so 1 (int) and 1 (long) or 1.0 (double) differ. */
  private static String describe(JsonNode n) {
    StringBuilder b = new StringBuilder(n.getNodeType() + ":" + n.getClass().getSimpleName());
    if (n.isContainerNode()) {
      b.append('[');
      n.fields()
          .forEachRemaining(
              e -> b.append(e.getKey()).append('=').append(describe(e.getValue())).append(','));
      if (n.isArray()) n.forEach(c -> b.append(describe(c)).append(','));
      b.append(']');
    } else {
      b.append('(').append(n.toString()).append(')');
    }
    return b.toString();
  }

  private static final ObjectWriter INDENTED =
      Json.mapper()
          .writer(
              new DefaultPrettyPrinter()
                  .withSeparators(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  /**
   * Same tree or same refusal; and for a tree, Json's writers print what the ObjectMapper's print.
   */
  private static void assertSame(String text, String where) {
    String mapper = outcome(text, false);
    String context = where + ": " + text.substring(0, Math.min(200, text.length()));
    assertEquals(mapper, outcome(text, true), context);
    if (!mapper.startsWith("tree")) return;
    try {
      JsonNode node = Json.mapper().readTree(text);
      assertEquals(Json.mapper().writeValueAsString(node), Json.write(node), context);
      assertEquals(INDENTED.writeValueAsString(node), Json.writePretty(node), context);
    } catch (IOException e) {
      throw new AssertionError(context, e);
    }
  }

  static List<String> vectorTexts() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Vectors.dir())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".json") && !name.endsWith(".jsonl")) continue;
        String text = Files.readString(f, StandardCharsets.UTF_8);
        out.add(text);
        if (name.endsWith(".jsonl")) out.addAll(text.lines().toList());
      }
    }
    return out;
  }

  @Test
  void sameOnEveryVectorAndItsMutations() throws IOException {
    List<String> texts = vectorTexts();
    assertTrue(texts.size() > 20, "vectors found: " + texts.size());
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (String t : texts) {
      assertSame(t, "vector");
      for (int i = 0; i < 20; i++) assertSame(mutate(t, random), "mutated vector, seed " + seed);
    }
  }

  @Test
  void sameOnGeneratedValuesAndTheirMutations() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (int i = 0; i < 3000; i++) {
      String t = value(random, 0);
      assertSame(t, "generated, seed " + seed);
      assertSame(mutate(t, random), "mutated, seed " + seed);
    }
  }

  @Test
  void sameOnTheEdges() {
    for (String t :
        new String[] {
          "",
          " ",
          "{}",
          "[]",
          "{} {}",
          "{}x",
          "1 2",
          "{\"a\":1,\"a\":2}",
          "{\"a\":{\"b\":1,\"b\":1}}",
          "NaN",
          "-Infinity",
          "[1e400]",
          "[-0]",
          "[-0.0]",
          "[2147483648]",
          "[9223372036854775808]",
          "[1" + "0".repeat(70) + "]",
          "[0.1e-400]",
          "\"\\ud800\"",
          "\"\\u0000\"",
          "[01]",
          "[1.]",
          "{\"a\" 1}",
          "[1,]",
          "{,}",
          "\"a\nb\"",
          "[".repeat(64) + "]".repeat(64),
          "[".repeat(65) + "]".repeat(65),
          "{\"a\":".repeat(65) + "1" + "}".repeat(65),
          "null",
          "true"
        }) {
      assertSame(t, "edge");
    }
  }

  private static final String[] STRINGS = {
    "", "a", "kez", "ü", "😀", "\\n", "\\\"", "\\u00e9", "\\ud83d\\ude00", "sig", "a b"
  };
  private static final String[] NUMBERS = {
    "0",
    "-0",
    "1",
    "-1",
    "42",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9007199254740991",
    "9223372036854775807",
    "9223372036854775808",
    "123456789012345678901234567890",
    "1.5",
    "-0.0",
    "1e3",
    "1E-3",
    "6.02e23",
    "1e309"
  };

  private static String value(Random r, int depth) {
    int kind = depth > 6 ? r.nextInt(4) : r.nextInt(6);
    return switch (kind) {
      case 0 -> "\"" + STRINGS[r.nextInt(STRINGS.length)] + "\"";
      case 1 -> NUMBERS[r.nextInt(NUMBERS.length)];
      case 2 -> new String[] {"true", "false", "null"}[r.nextInt(3)];
      case 3 ->
          r.nextInt(10) == 0
              ? "[" + value(r, depth + 1) + "]"
              : "\"" + STRINGS[r.nextInt(STRINGS.length)] + "\"";
      case 4 -> {
        StringBuilder b = new StringBuilder("[");
        for (int i = r.nextInt(4); i > 0; i--)
          b.append(value(r, depth + 1)).append(i > 1 ? "," + ws(r) : "");
        yield b.append(']').toString();
      }
      default -> {
        StringBuilder b = new StringBuilder("{" + ws(r));
        for (int i = r.nextInt(4); i > 0; i--) {
          // a small name set, so duplicate names come up
          b.append('"')
              .append((char) ('a' + r.nextInt(5)))
              .append("\":")
              .append(ws(r))
              .append(value(r, depth + 1))
              .append(i > 1 ? "," : "");
        }
        yield b.append(ws(r)).append('}').toString();
      }
    };
  }

  private static String ws(Random r) {
    return new String[] {"", "", " ", "\n", "\t", "\r\n  "}[r.nextInt(6)];
  }

  private static final String NOISE = "{}[]\",:0123456789-+.eE\\ tfnaul\u00e9\u0000";

  private static String mutate(String t, Random r) {
    if (t.isEmpty()) return String.valueOf(NOISE.charAt(r.nextInt(NOISE.length())));
    int at = r.nextInt(t.length());
    char c = NOISE.charAt(r.nextInt(NOISE.length()));
    return switch (r.nextInt(5)) {
      case 0 -> t.substring(0, at) + t.substring(at + 1);
      case 1 -> t.substring(0, at) + c + t.substring(at);
      case 2 -> t.substring(0, at) + c + t.substring(at + 1);
      case 3 -> t.substring(0, at);
      default -> t + c;
    };
  }
}
