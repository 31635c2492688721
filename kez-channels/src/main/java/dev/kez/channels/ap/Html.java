package dev.kez.channels.ap;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Plain text from the small HTML fragments ActivityPub servers put in summaries, fields and notes:
 * tags dropped (line breaks kept), then entities decoded once, so markup that was escaped in the
 * source stays text and is never re-read as markup.
 */
final class Html {
  private static final Pattern BREAK =
      Pattern.compile("(?i)<br\\s*/?>|</p\\s*>|</div\\s*>|</li\\s*>");
  private static final Pattern HIDDEN = Pattern.compile("(?is)<(script|style)\\b.*?</\\1\\s*>");
  private static final Pattern TAG = Pattern.compile("(?s)<[!/?a-zA-Z][^>]*>");
  private static final Pattern ENTITY =
      Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
  private static final Map<String, String> NAMED =
      Map.of(
          "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", " ", "hellip", "…");

  private Html() {}

  static String text(@Nullable String html) {
    if (html == null) return "";
    String s = HIDDEN.matcher(html).replaceAll("");
    s = BREAK.matcher(s).replaceAll("\n");
    s = TAG.matcher(s).replaceAll("");
    Matcher m = ENTITY.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String e = m.group(1);
      String r;
      if (e.startsWith("#x") || e.startsWith("#X"))
        r = codePoint(Integer.parseInt(e.substring(2), 16), m.group());
      else if (e.startsWith("#")) r = codePoint(Integer.parseInt(e.substring(1)), m.group());
      else r = NAMED.getOrDefault(e, m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(r));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String codePoint(int cp, String original) {
    return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : original;
  }
}
