package dev.kez.core.chain;

import dev.kez.core.MalformedException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The JSONL bundle of SPEC.md §7: one link per line, each line the JCS of the link, in seq order,
 * each ended by "\n". The one bundle reader of the project (files, {@code --chain}, sig-server
 * bodies, gists, fetch, import): lazy and strict, it refuses a line that is not exactly the JCS of
 * a link ({@code \r\n} included), a blank line, a last line without its newline, and a line whose
 * seq is not the previous line's + 1, naming the line. The first line may have any seq: a bundle
 * may be a chain's tail (SPEC.md §12).
 */
public final class Bundle {
  /** Longest line read; far above any real link, it bounds what a hostile file can make us hold. */
  static final int MAX_LINE_CHARS = 64 * 1024;

  private Bundle() {}

  /**
   * A bundle whose lines are well formed but not in consecutive seq order (the sig-server answers
   * 422 for it, SPEC.md §12).
   */
  public static final class OutOfOrderException extends MalformedException {
    OutOfOrderException(String message) {
      super(message);
    }
  }

  /** Links one by one as the reader yields lines; I/O errors surface as UncheckedIOException. */
  public static Iterator<Link> read(Reader reader) {
    return new Iterator<>() {
      private final char[] buf = new char[8192];
      private int pos;
      private int limit;
      private long lineNumber;
      private final Function<String, Link> parser = Link.parser();
      private long previousSeq;
      private @Nullable Link next;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (next == null && !done) {
          String line = readLine();
          if (line == null) done = true;
          else next = link(line);
        }
        return next != null;
      }

      @Override
      public Link next() {
        if (!hasNext()) throw new NoSuchElementException();
        Link l = next;
        next = null;
        return l;
      }

      private Link link(String line) {
        lineNumber++;
        Link link;
        try {
          link = parser.apply(line);
        } catch (MalformedException e) {
          throw new MalformedException("bundle line " + lineNumber + ": " + e.getMessage());
        }
        if (!link.canonicalJson().equals(line)) {
          throw new MalformedException(
              "bundle line " + lineNumber + ": not in canonical form (JCS)");
        }
        if (previousSeq != 0 && link.seq() != previousSeq + 1) {
          throw new OutOfOrderException(
              "bundle line "
                  + lineNumber
                  + ": seq "
                  + link.seq()
                  + " follows seq "
                  + previousSeq
                  + " (the lines of a bundle are in seq order)");
        }
        previousSeq = link.seq();
        return link;
      }

      /** The next line without its "\n"; null at a clean end of input. */
      private @Nullable String readLine() {
        StringBuilder sb = null;
        try {
          while (true) {
            if (pos == limit) {
              limit = reader.read(buf, 0, buf.length);
              pos = 0;
              if (limit <= 0) {
                limit = 0;
                if (sb == null) return null;
                throw new MalformedException(
                    "bundle line " + (lineNumber + 1) + ": does not end with a newline");
              }
            }
            int start = pos;
            while (pos < limit && buf[pos] != '\n') pos++;
            if (sb == null) sb = new StringBuilder(1024);
            sb.append(buf, start, pos - start);
            if (sb.length() > MAX_LINE_CHARS)
              throw new MalformedException(
                  "bundle line "
                      + (lineNumber + 1)
                      + ": longer than "
                      + MAX_LINE_CHARS
                      + " characters");
            if (pos < limit) {
              pos++; // the newline
              if (sb.isEmpty())
                throw new MalformedException("bundle line " + (lineNumber + 1) + ": blank line");
              return sb.toString();
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  /** Writes each link's JCS followed by "\n". */
  public static void write(Iterable<Link> links, Writer out) throws IOException {
    for (Link l : links) {
      out.write(l.canonicalJson());
      out.write('\n');
    }
    out.flush();
  }

  public static String toString(Iterable<Link> links) {
    StringWriter w = new StringWriter();
    try {
      write(links, w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** Reads a whole bundle held in a string (tests, small inputs). */
  public static List<Link> parse(String bundle) {
    List<Link> out = new ArrayList<>();
    read(new StringReader(bundle)).forEachRemaining(out::add);
    return out;
  }
}
