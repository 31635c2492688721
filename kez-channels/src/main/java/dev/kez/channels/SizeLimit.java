package dev.kez.channels;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The most text a proof may take on a channel, in the channel's own unit. The figures are the ones
 * that bind in practice, not protocol maxima.
 */
public record SizeLimit(int max, Unit unit) {
  public enum Unit {
    /** UTF-8 bytes. */
    BYTES,
    /** Grapheme clusters, as Bluesky counts a post. */
    GRAPHEMES,
    /** What Mastodon calls characters, counted as grapheme clusters. */
    CHARACTERS;

    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    /** The length of a text in this unit. */
    public int count(String text) {
      if (this == BYTES) return text.getBytes(StandardCharsets.UTF_8).length;
      Matcher m = GRAPHEME.matcher(text);
      int n = 0;
      while (m.find()) n++;
      return n;
    }

    /** The unit's name in a sentence: "bytes", "graphemes", "characters". */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
