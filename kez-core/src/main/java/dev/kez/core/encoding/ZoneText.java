package dev.kez.core.encoding;

import dev.kez.core.MalformedException;
import java.util.ArrayList;
import java.util.List;

/**
 * TXT records as people paste them: zone-file lines or dig output ({@code name [ttl] [class] TXT
 * "a" "b"}, parentheses continuing a record over lines, {@code ;} comments), or a bare list of
 * quoted character-strings. Quoted strings take zone-file escapes ({@code \"}, {@code \\}, {@code
 * \DDD}).
 */
final class ZoneText {
  private ZoneText() {}

  /** The character-strings of each TXT record found, in order. */
  static List<List<String>> records(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> strings = new ArrayList<>();
    boolean sawTxt = false, sawOther = false;
    int depth = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '\n';
      if (c == '\n' && depth == 0 || i == text.length()) {
        if (!strings.isEmpty() && (sawTxt || !sawOther)) records.add(List.copyOf(strings));
        strings.clear();
        sawTxt = sawOther = false;
        depth = 0;
      } else if (c == ';') {
        while (i + 1 < text.length() && text.charAt(i + 1) != '\n') i++;
      } else if (c == '"') {
        StringBuilder sb = new StringBuilder();
        i = quoted(text, i + 1, sb);
        // Only the strings after the TXT type are RDATA; a bare list has no type at all.
        if (sawTxt || !sawOther) strings.add(sb.toString());
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth = Math.max(0, depth - 1);
      } else if (!Character.isWhitespace(c)) {
        int end = i;
        while (end < text.length()
            && !Character.isWhitespace(text.charAt(end))
            && "\";()".indexOf(text.charAt(end)) < 0) end++;
        String token = text.substring(i, end);
        if (token.equalsIgnoreCase("TXT")) sawTxt = true;
        else if (!sawTxt) sawOther = true;
        else strings.clear(); // an unquoted token in the RDATA: not a record we can read
        i = end - 1;
      }
    }
    return records;
  }

  /**
   * Reads a quoted string starting after its opening quote; returns the index of the closing quote.
   */
  private static int quoted(String text, int from, StringBuilder out) {
    int i = from;
    while (i < text.length()) {
      int run = i;
      while (run < text.length() && "\"\\\n".indexOf(text.charAt(run)) < 0) run++;
      out.append(text, i, run); // the plain stretch up to the next quote, escape or line end
      i = run;
      if (i == text.length()) break;
      char c = text.charAt(i);
      if (c == '"') return i;
      if (c == '\n') break;
      // a backslash escape
      if (i + 1 >= text.length()) break;
      char d = text.charAt(i + 1);
      if (isDigit(d)) {
        if (i + 3 >= text.length()
            || !isDigit(text.charAt(i + 2))
            || !isDigit(text.charAt(i + 3))) {
          throw new MalformedException("malformed TXT string: bad \\DDD escape");
        }
        int v = Integer.parseInt(text.substring(i + 1, i + 4));
        if (v > 255) throw new MalformedException("malformed TXT string: \\DDD escape over 255");
        out.append((char) v);
        i += 4;
      } else {
        out.append(d);
        i += 2;
      }
    }
    throw new MalformedException("malformed TXT string: missing closing quote");
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
