package dev.kez.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kez.core.MalformedException;
import dev.kez.core.testing.Vectors;
import java.io.Reader;
import java.io.StringReader;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/** The one bundle reader: lazy, and strict about the byte form and line order of SPEC.md §7. */
class BundleTest {
  static final String VALID = Vectors.text("chain-valid.jsonl");

  static String malformed(String bundle) {
    return assertThrows(MalformedException.class, () -> Bundle.parse(bundle)).getMessage();
  }

  @Test
  void refusesWhatIsNotExactlyJcsLines() {
    assertTrue(
        malformed(VALID.substring(0, VALID.length() - 1))
            .contains("line 8: does not end with a newline"));
    assertTrue(malformed(VALID.replaceFirst("\n", "\n\n")).contains("line 2: blank line"));
    assertTrue(malformed(VALID.replace("\n", "\r\n")).contains("line 1: not in canonical form"));
    assertTrue(malformed(" " + VALID).contains("line 1"));
    assertTrue(malformed(VALID + "{}\n").contains("line 9"));
    assertEquals(0, Bundle.parse("").size());
  }

  @Test
  void refusesLinesOutOfSeqOrderNamingTheLine() {
    // SPEC.md §7: a bundle's lines are in seq order; merging by seq would make a swapped bundle
    // valid (issue 10 §8)
    String[] lines = VALID.split("\n");
    String swapped = lines[0] + "\n" + lines[2] + "\n" + lines[1] + "\n";
    MalformedException e =
        assertThrows(Bundle.OutOfOrderException.class, () -> Bundle.parse(swapped));
    assertTrue(e.getMessage().startsWith("bundle line 2: seq 3 follows seq 1"), e.getMessage());
    assertTrue(
        malformed(lines[0] + "\n" + lines[1] + "\n" + lines[1] + "\n")
            .startsWith("bundle line 3: seq 2 follows seq 2"));
    assertTrue(
        malformed(lines[0] + "\n" + lines[2] + "\n")
            .startsWith("bundle line 2: seq 3 follows seq 1"));
    String lastFirst = lines[lines.length - 1] + "\n" + VALID;
    assertTrue(malformed(lastFirst).startsWith("bundle line 2: seq 1 follows seq " + lines.length));
    // through the verifier the swap is a broken seq at the link the chain expected
    ChainResult.Broken b =
        assertInstanceOf(
            ChainResult.Broken.class, ChainVerifier.verify(Bundle.read(new StringReader(swapped))));
    assertEquals(2, b.seq());
    assertEquals(ChainException.Rule.SEQ, b.rule());
    // a tail of a chain (SPEC.md §12: GET ?from=N) starts at any seq
    String tail = lines[3] + "\n" + lines[4] + "\n";
    assertEquals(java.util.List.of(4L, 5L), Bundle.parse(tail).stream().map(Link::seq).toList());
  }

  @Test
  void refusesOtherByteFormsNamingTheLine() {
    String[] lines = VALID.split("\n");
    assertTrue(malformed("\uFEFF" + VALID).startsWith("bundle line 1: "));
    assertTrue(
        malformed(lines[0] + "\n" + lines[1] + " \n")
            .startsWith("bundle line 2: not in canonical form"));
    assertTrue(
        malformed(lines[0] + "\n" + lines[1] + "\r\n")
            .startsWith("bundle line 2: not in canonical form"));
    assertTrue(
        malformed(lines[0] + "\n\n" + lines[1] + "\n").startsWith("bundle line 2: blank line"));
    assertTrue(
        malformed(lines[0] + "\n" + lines[1])
            .startsWith("bundle line 2: does not end with a newline"));
    assertTrue(
        malformed(lines[0] + "\n" + pretty(lines[1]) + "\n")
            .startsWith("bundle line 2: not in canonical form"));
  }

  /** The same link with its members in another order: JSON-equal, not JCS. */
  private static String pretty(String line) {
    com.fasterxml.jackson.databind.node.ObjectNode o = dev.kez.core.json.Json.parseObject(line);
    com.fasterxml.jackson.databind.node.ObjectNode out = dev.kez.core.json.Json.newObject();
    java.util.List<String> names = new java.util.ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    java.util.Collections.reverse(names);
    for (String n : names) out.set(n, o.get(n));
    return dev.kez.core.json.Json.write(out);
  }

  @Test
  void aMalformedLineBreaksTheChainAtItsSeq() {
    String[] lines = VALID.split("\n");
    String damaged = lines[0] + "\n" + lines[1] + "\n" + "{\"kez\":\"0.2\"}\n";
    ChainResult r = ChainVerifier.verify(Bundle.read(new StringReader(damaged)));
    assertEquals(3, assertInstanceOf(ChainResult.Broken.class, r).seq());
  }

  @Test
  void readsLazily() throws Exception {
    // a reader that fails after the first line: the first link is still delivered
    String first = VALID.substring(0, VALID.indexOf('\n') + 1);
    Reader r =
        new Reader() {
          private final StringReader in = new StringReader(first);
          private boolean done;

          @Override
          public int read(char[] buf, int off, int len) throws java.io.IOException {
            int n = in.read(buf, off, len);
            if (n > 0) return n;
            if (done) throw new java.io.IOException("stream broke");
            done = true;
            throw new java.io.IOException("stream broke");
          }

          @Override
          public void close() {}
        };
    Iterator<Link> it = Bundle.read(r);
    assertEquals(1, it.next().seq());
    assertThrows(java.io.UncheckedIOException.class, it::hasNext);
  }
}
