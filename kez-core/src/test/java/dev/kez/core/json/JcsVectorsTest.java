package dev.kez.core.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kez.core.MalformedException;
import dev.kez.core.testing.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 8785's reference test data (cyberphone/json-canonicalization): input to output, byte for
 * byte.
 */
class JcsVectorsTest {
  static Stream<String> files() throws IOException {
    try (Stream<Path> s = Files.list(Vectors.path("third-party/jcs/input"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @Test
  void allSixPairsArePresent() throws IOException {
    assertEquals(
        List.of(
            "arrays.json",
            "french.json",
            "structures.json",
            "unicode.json",
            "values.json",
            "weird.json"),
        files().toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void canonicalBytesMatchTheOutputFile(String name) {
    byte[] expected = Vectors.bytes("third-party/jcs/output/" + name);
    assertArrayEquals(
        expected, Jcs.canonicalize(Vectors.text("third-party/jcs/input/" + name)), name);
    // Canonical output is a fixed point.
    assertArrayEquals(
        expected, Jcs.canonicalize(Vectors.text("third-party/jcs/output/" + name)), name);
  }

  /** RFC 8785 §3.2.2.3 number samples (the ECMAScript Number-to-String rule). */
  @Test
  void numberSamples() {
    String[][] samples = {
      {"0", "0"},
      {"-0", "0"},
      {"1e30", "1e+30"},
      {"4.50", "4.5"},
      {"2e-3", "0.002"},
      {"0.000001", "0.000001"},
      {"1e-7", "1e-7"},
      {"333333333.33333329", "333333333.3333333"},
      {"1E30", "1e+30"},
      {"9007199254740992", "9007199254740992"},
      {"295147905179352830000", "295147905179352830000"},
      {"1e21", "1e+21"},
      {"5e-324", "5e-324"},
      {"1.7976931348623157e308", "1.7976931348623157e+308"},
    };
    for (String[] s : samples) assertEquals(s[1], Jcs.canonicalString(Json.parse(s[0])), s[0]);
  }

  @Test
  void loneSurrogatesHaveNoCanonicalForm() {
    assertThrows(MalformedException.class, () -> Jcs.canonicalize("{\"a\":\"\\ud800\"}"));
    assertThrows(MalformedException.class, () -> Jcs.canonicalize("{\"\\udc00x\":1}"));
    assertEquals("{\"a\":\"😂\"}", Jcs.canonicalString(Json.parse("{\"a\":\"\\ud83d\\ude02\"}")));
  }
}
