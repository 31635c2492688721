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

/** The bundle reader: lazy, and strict about the byte form of wire.md §6. */
class BundleTest {
  static final String VALID = Vectors.text("chain-valid.jsonl");

  static String malformed(String bundle) {
    return assertThrows(MalformedException.class, () -> Bundle.parse(bundle)).getMessage();
  }

  @Test
  void refusesWhatIsNotExactlyJcsLines() {
    assertTrue(malformed(VALID.substring(0, VALID.length() - 1)).contains("line 8: does not end with a newline"));
    assertTrue(malformed(VALID.replaceFirst("\n", "\n\n")).contains("line 2: blank line"));
    assertTrue(malformed(VALID.replace("\n", "\r\n")).contains("line 1: not in canonical form"));
    assertTrue(malformed(" " + VALID).contains("line 1"));
    assertTrue(malformed(VALID + "{}\n").contains("line 9"));
    assertEquals(0, Bundle.parse("").size());
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
    Reader r = new Reader() {
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
