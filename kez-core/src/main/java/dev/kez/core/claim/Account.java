package dev.kez.core.claim;

import com.ibm.icu.text.IDNA;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.PublicKey;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An account {@code <channel>:<id>} in normalized form (SPEC.md §3). {@link #parse} accepts user
 * input (any case, {@code mastodon:} for {@code ap:}, a trailing dot on domains) and normalizes it;
 * signed objects must already carry the normalized form.
 */
public record Account(Channel channel, String id) {
  /** The channels of v0.2. */
  public enum Channel {
    DNS("dns"),
    GITHUB("github"),
    NOSTR("nostr"),
    BLUESKY("bluesky"),
    AP("ap");

    private final String prefix;

    Channel(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }

    public static Channel fromPrefix(String prefix) {
      return switch (prefix.toLowerCase(Locale.ROOT)) {
        case "dns" -> DNS;
        case "github" -> GITHUB;
        case "nostr" -> NOSTR;
        case "bluesky" -> BLUESKY;
        case "ap", "mastodon" -> AP;
        default ->
            throw new MalformedException(
                "malformed account: unknown channel '"
                    + prefix
                    + "' (expected dns, github, nostr, bluesky, ap or mastodon)");
      };
    }
  }

  private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
  private static final Pattern GITHUB_LOGIN =
      Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}");
  private static final Pattern AP_USER = Pattern.compile("[a-z0-9_.~+-]{1,64}");

  public Account {
    if (channel == null || id == null)
      throw new MalformedException("malformed account: missing channel or id");
  }

  /** Parses and normalizes {@code channel:id}. */
  public static Account parse(String text) {
    if (text == null) throw new MalformedException("malformed account: missing");
    int colon = text.indexOf(':');
    if (colon <= 0)
      throw new MalformedException("malformed account '" + text + "': expected <channel>:<id>");
    Channel channel = Channel.fromPrefix(text.substring(0, colon));
    String raw = text.substring(colon + 1).trim();
    return new Account(channel, normalizeId(channel, raw));
  }

  /** Parses an account that must already be in normalized form, as inside signed objects. */
  public static Account parseNormalized(String text) {
    Account a = parse(text);
    if (!a.toString().equals(text)) {
      throw new MalformedException(
          "malformed account '" + text + "': not in normalized form (" + a + ")");
    }
    return a;
  }

  private static String normalizeId(Channel channel, String raw) {
    if (raw.isEmpty())
      throw new MalformedException("malformed account: empty " + channel.prefix() + " id");
    return switch (channel) {
      case DNS -> domain(raw);
      case BLUESKY -> {
        String h = domain(raw.startsWith("@") ? raw.substring(1) : raw);
        if (h.indexOf('.') < 0)
          throw new MalformedException(
              "malformed bluesky handle '" + raw + "': expected a domain name");
        yield h;
      }
      case GITHUB -> {
        String login = raw.toLowerCase(Locale.ROOT);
        if (!GITHUB_LOGIN.matcher(login).matches())
          throw new MalformedException("malformed github login '" + raw + "'");
        yield login;
      }
      case NOSTR -> {
        if (!raw.startsWith("npub1"))
          throw new MalformedException("malformed nostr account: expected an npub1… key");
        PublicKey.parse(raw); // validates the checksum and length
        yield raw;
      }
      case AP -> {
        String s = (raw.startsWith("@") ? raw.substring(1) : raw).toLowerCase(Locale.ROOT);
        int at = s.indexOf('@');
        if (at <= 0 || at != s.lastIndexOf('@'))
          throw new MalformedException("malformed ap account '" + raw + "': expected user@host");
        String user = s.substring(0, at);
        if (!AP_USER.matcher(user).matches())
          throw new MalformedException("malformed ap account '" + raw + "': bad user name");
        yield user + "@" + domain(s.substring(at + 1));
      }
    };
  }

  /**
   * UTS #46 non-transitional, as browsers resolve names: straße.de is xn--strae-oqa.de, not
   * strasse.de. A holder, so ICU's data is loaded by the first domain, not by every account.
   */
  private static final class Uts46 {
    static final IDNA INSTANCE =
        IDNA.getUTS46Instance(
            IDNA.NONTRANSITIONAL_TO_ASCII
                | IDNA.CHECK_BIDI
                | IDNA.CHECK_CONTEXTJ
                | IDNA.CHECK_CONTEXTO);

    /**
     * ICU always checks hyphens; browsers (the WHATWG URL standard) process names with UTS #46
     * CheckHyphens off, so {@code ab--cd} and {@code r3---sn-q4fl6n7s} are names (SPEC.md §3.2).
     * Leading and trailing hyphens stay refused by {@link Account#LABEL}; {@code xn--} labels are
     * still decoded and refused when they are not valid Punycode (other errors).
     */
    static final Set<IDNA.Error> IGNORED = EnumSet.of(IDNA.Error.HYPHEN_3_4);
  }

  /** Lowercase, IDNA A-labels, no trailing dot, every label a valid hostname label. */
  static String domain(String raw) {
    String d = raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw;
    IDNA.Info info = new IDNA.Info();
    StringBuilder ascii = new StringBuilder(d.length() + 16);
    Uts46.INSTANCE.nameToASCII(d, ascii, info);
    Set<IDNA.Error> errors =
        info.hasErrors() ? EnumSet.copyOf(info.getErrors()) : EnumSet.noneOf(IDNA.Error.class);
    errors.removeAll(Uts46.IGNORED);
    if (!errors.isEmpty()) {
      throw new MalformedException(
          "malformed domain '" + raw + "': not a valid internationalized name " + errors);
    }
    d = ascii.toString().toLowerCase(Locale.ROOT);
    if (d.isEmpty() || d.length() > 253)
      throw new MalformedException("malformed domain '" + raw + "'");
    for (String label : d.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches())
        throw new MalformedException("malformed domain '" + raw + "': bad label '" + label + "'");
    }
    return d;
  }

  @Override
  public String toString() {
    return channel.prefix() + ":" + id;
  }
}
