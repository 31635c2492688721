package dev.kez.core.encoding;

import dev.kez.core.MalformedException;
import java.util.Locale;

/** The four encodings of a claim (SPEC.md §5), by the names {@code --format} takes. */
public enum Encoding {
  JSON("json"),
  COMPACT("compact"),
  MARKDOWN("md"),
  DNS_TXT("dns");

  private final String wireName;

  Encoding(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** How a publishing instruction names a proof printed in this encoding. */
  public String proofName() {
    return switch (this) {
      case JSON -> "the JSON proof ({\"account\":…})";
      case COMPACT -> "the compact proof (kez:z1:…)";
      case MARKDOWN -> "the Markdown proof (a page with a kez block)";
      case DNS_TXT -> "the TXT record line";
    };
  }

  public static Encoding fromName(String name) {
    if (name == null)
      throw new MalformedException("unknown encoding: missing (expected json, compact, md or dns)");
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "json" -> JSON;
      case "compact", "z1" -> COMPACT;
      case "md", "markdown" -> MARKDOWN;
      case "dns", "dns_txt", "dns-txt", "txt" -> DNS_TXT;
      default ->
          throw new MalformedException(
              "unknown encoding '" + name + "' (expected json, compact, md or dns)");
    };
  }

  @Override
  public String toString() {
    return wireName;
  }
}
