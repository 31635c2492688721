package dev.kez.cli;

import dev.kez.core.MalformedException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of the command line: terms like {@code 90d}, {@code 1y2h}, {@code
 * 1500ms}.
 */
public final class Durations {
  private static final Pattern TERM = Pattern.compile("(\\d{1,7})(ms|s|m|h|d|w|y)");

  /** Far beyond any expiry or timeout, and still exact in JSON integers as seconds. */
  private static final Duration MAX = Duration.ofSeconds(1L << 53);

  private Durations() {}

  /**
   * Parses one or more terms (s m h d w y, and ms; a year is 365 days); anything else is bad input.
   */
  public static Duration parse(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = TERM.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(365 * n);
              });
      end = m.end();
    }
    if (end == 0 || end != s.length() || total.isZero() || total.compareTo(MAX) > 0) {
      throw new MalformedException(
          "malformed duration '" + text + "': expected e.g. 90d, 12h, 1y, 2w3d or 1500ms");
    }
    return total;
  }
}
