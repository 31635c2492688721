package dev.kez.core.encoding;

import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much text each channel takes, in that channel's own unit. The figures are the ones
 * that bind in practice, not protocol maxima.
 */
public final class ChannelLimits {
  /** A Bluesky post: 300 graphemes. */
  public static final int BLUESKY_GRAPHEMES = 300;
  /** A Mastodon note: 500 characters by default, counted as grapheme clusters. */
  public static final int AP_CHARACTERS = 500;
  /** A nostr event's content: NIP-11 relays advertise max_content_length; 8 KiB is widely accepted. */
  public static final int NOSTR_BYTES = 8 * 1024;
  /** A gist file: the GitHub API truncates file content beyond 1 MB. */
  public static final int GIST_BYTES = 1_000_000;
  /**
   * TXT RDATA (strings plus their length bytes) that leaves room for header, question and
   * owner name in a 1232-byte EDNS(0) UDP answer, so resolvers need no TCP retry.
   */
  public static final int DNS_RDATA_BYTES = 1024;

  private static final Pattern GRAPHEME = Pattern.compile("\\X");

  private ChannelLimits() {}

  public static int limit(Account.Channel channel) {
    return switch (channel) {
      case BLUESKY -> BLUESKY_GRAPHEMES;
      case AP -> AP_CHARACTERS;
      case NOSTR -> NOSTR_BYTES;
      case GITHUB -> GIST_BYTES;
      case DNS -> DNS_RDATA_BYTES;
    };
  }

  /** The size of the claim in that encoding as published on the channel, in the channel's unit. */
  public static int size(Account.Channel channel, Claim claim, Encoding encoding) {
    if (encoding == Encoding.DNS_TXT && channel == Account.Channel.DNS) {
      int n = 0;
      for (String s : ClaimCodec.txtStrings(claim)) n += 1 + ClaimCodec.utf8(s).length;
      return n;
    }
    String text = ClaimCodec.encode(claim, encoding, channel);
    return switch (channel) {
      case BLUESKY, AP -> graphemes(text);
      case NOSTR, GITHUB, DNS -> ClaimCodec.utf8(text).length;
    };
  }

  public static boolean fits(Account.Channel channel, Claim claim, Encoding encoding) {
    return size(channel, claim, encoding) <= limit(channel);
  }

  static int graphemes(String text) {
    Matcher m = GRAPHEME.matcher(text);
    int n = 0;
    while (m.find()) n++;
    return n;
  }
}
