package dev.kez.core.encoding;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * CommonMark fenced code blocks, just enough to find the first one whose info string is {@code
 * kez}: a fence is 3+ backticks or tildes indented at most 3 spaces; it closes on a line of at
 * least as many of the same character, or at the end of the document. Blocks with other info
 * strings are skipped whole, so a {@code ```kez} line inside them is text.
 */
final class Fences {
  private Fences() {}

  /** The trimmed content of the first {@code kez} block, if any. */
  static Optional<String> firstKez(String text) {
    String[] lines = text.lines().toArray(String[]::new); // \n, \r and \r\n, as CommonMark
    for (int i = 0; i < lines.length; i++) {
      Fence open = Fence.opening(lines[i]);
      if (open == null) continue;
      StringBuilder content = new StringBuilder();
      int j = i + 1;
      for (; j < lines.length && !open.closedBy(lines[j]); j++)
        content.append(lines[j]).append('\n');
      if (open.isKez()) return Optional.of(content.toString().strip());
      i = j; // skip the whole block, its closing line included
    }
    return Optional.empty();
  }

  private record Fence(char marker, int length, String info) {
    /** The fence this line opens; null for most lines (asked of every line, decided at once). */
    static @Nullable Fence opening(String line) {
      int indent = leadingSpaces(line);
      if (indent > 3 || indent >= line.length()) return null;
      char c = line.charAt(indent);
      if (c != '`' && c != '~') return null;
      int n = run(line, indent, c);
      if (n < 3) return null;
      String info = line.substring(indent + n).strip();
      if (c == '`' && info.indexOf('`') >= 0) return null; // CommonMark: not a fence
      return new Fence(c, n, info);
    }

    boolean closedBy(String line) {
      int indent = leadingSpaces(line);
      if (indent > 3 || indent >= line.length() || line.charAt(indent) != marker) return false;
      int n = run(line, indent, marker);
      return n >= length && line.substring(indent + n).isBlank();
    }

    boolean isKez() {
      int space = info.indexOf(' ');
      return (space < 0 ? info : info.substring(0, space)).equals("kez");
    }

    private static int leadingSpaces(String line) {
      int i = 0;
      while (i < line.length() && line.charAt(i) == ' ') i++;
      return i;
    }

    private static int run(String line, int from, char c) {
      int i = from;
      while (i < line.length() && line.charAt(i) == c) i++;
      return i - from;
    }
  }
}
