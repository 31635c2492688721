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

/**
 * The JSONL bundle of wire.md §6: one link per line, each line the JCS of the link, each
 * ended by "\n". Reading is lazy and strict: a line that is not exactly the JCS of a link,
 * a blank line, or a last line without its newline is refused, naming the line.
 */
public final class Bundle {
  /** Longest line read; far above any real link, it bounds what a hostile file can make us hold. */
  static final int MAX_LINE_CHARS = 64 * 1024;

  private Bundle() {}

  /** Links one by one as the reader yields lines; I/O errors surface as UncheckedIOException. */
  public static Iterator<Link> read(Reader reader) {
    return new Iterator<>() {
      private final char[] buf = new char[8192];
      private int pos;
      private int limit;
      private long lineNumber;
      private Link next;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (next == null && !done) next = readLink();
        return next != null;
      }

      @Override
      public Link next() {
        if (!hasNext()) throw new NoSuchElementException();
        Link l = next;
        next = null;
        return l;
      }

      private Link readLink() {
        String line = readLine();
        if (line == null) {
          done = true;
          return null;
        }
        lineNumber++;
        Link link;
        try {
          link = Link.parse(line);
        } catch (MalformedException e) {
          throw new MalformedException("bundle line " + lineNumber + ": " + e.getMessage());
        }
        if (!link.canonicalJson().equals(line)) {
          throw new MalformedException("bundle line " + lineNumber + ": not in canonical form (JCS)");
        }
        return link;
      }

      /** The next line without its "\n"; null at a clean end of input. */
      private String readLine() {
        StringBuilder sb = null;
        try {
          while (true) {
            if (pos == limit) {
              limit = reader.read(buf, 0, buf.length);
              pos = 0;
              if (limit <= 0) {
                limit = 0;
                if (sb == null) return null;
                throw new MalformedException("bundle line " + (lineNumber + 1) + ": does not end with a newline");
              }
            }
            int start = pos;
            while (pos < limit && buf[pos] != '\n') pos++;
            if (sb == null) sb = new StringBuilder(1024);
            sb.append(buf, start, pos - start);
            if (sb.length() > MAX_LINE_CHARS) throw new MalformedException("bundle line " + (lineNumber + 1) + ": longer than " + MAX_LINE_CHARS + " characters");
            if (pos < limit) {
              pos++; // the newline
              if (sb.isEmpty()) throw new MalformedException("bundle line " + (lineNumber + 1) + ": blank line");
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
