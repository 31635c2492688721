package dev.kez.cli;

import dev.kez.core.MalformedException;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.encoding.ChannelLimits;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.json.Json;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kez claim}: make and sign a proof for one account. */
@Command(name = "claim",
    header = "Sign a claim that an account is yours, ready to publish.",
    description = {
        "%nSigns \"ACCOUNT is controlled by my identity key\" and prints the proof on standard "
            + "output; standard error says where and how to publish it on that account's channel. Without "
            + "--format, kez picks the form that suits the channel and fits its size limit: dns: a TXT "
            + "record line; github: Markdown for a kez.md gist; nostr, bluesky, ap: JSON, or the compact "
            + "kez:z1: string when JSON is too long (a Bluesky post is 300 graphemes).",
        "%nACCOUNT is <channel>:<id>: dns:example.com, github:alice, nostr:npub1…, "
            + "bluesky:alice.bsky.social, ap:alice@mastodon.social (mastodon: is the same as ap:)."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  kez claim github:alice > kez.md",
        "  kez claim dns:example.com --expires-in 365d",
        "  kez claim bluesky:alice.bsky.social --format compact --note \"hello from KEZ\"",
        "  kez claim github:alice --created-at 1764150000 --format json"})
public final class ClaimCommand extends KezCommand {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smhdwy])");

  @Parameters(paramLabel = "ACCOUNT", description = "The account: <channel>:<id>.")
  String account;

  @Option(names = "--format", paramLabel = "json|compact|md|dns", description = "Encoding of the proof (default: best for the channel).")
  String format;

  @ArgGroup(exclusive = true)
  Expiry expiry;

  static final class Expiry {
    @Option(names = "--expires-in", paramLabel = "DURATION", description = "Expire after this long, e.g. 90d, 12h, 1y, 2w3d (s m h d w y).")
    String in;

    @Option(names = "--expires-at", paramLabel = "UNIX", description = "Expire at this time (unix seconds).")
    Long at;
  }

  @Option(names = "--note", paramLabel = "TEXT", description = "A note carried in the signed claim (at most 280 characters).")
  String note;

  @Option(names = "--created-at", paramLabel = "UNIX", description = "The claim's time (unix seconds; default: now).")
  Long createdAt;

  @Option(names = "--json", description = "Print {\"account\", \"key\", \"encoding\", \"proof\", \"claim\", \"publish\"} instead.")
  boolean json;

  @Override
  public Integer call() {
    Account acct = Account.parse(account);
    Encoding requested = format == null ? null : Encoding.fromName(format);
    long created = createdAt != null ? createdAt : kez().clock().instant().getEpochSecond();
    Claim.Builder builder = Claim.builder(acct).createdAt(created);
    if (expiry != null) builder.expiresAt(expiry.at != null ? expiry.at : created + parseDuration(expiry.in));
    if (note != null) builder.note(note);
    Claim claim = builder.sign(keyStore().primary(passphrases()));

    Encoding encoding = requested != null ? requested : ClaimCodec.preferredFor(acct.channel(), claim);
    String proof = ClaimCodec.encode(claim, encoding, acct.channel()); // the form preferredFor measured
    String publish = Publishing.instructions(acct, claim);
    if (json) {
      var o = Json.newObject().put("account", acct.toString()).put("key", claim.key().encoded())
          .put("encoding", encoding.wireName()).put("proof", proof);
      o.set("claim", claim.toJson());
      o.put("publish", publish);
      printJson(o);
    } else {
      out().print(proof.endsWith("\n") ? proof : proof + "\n");
      out().flush();
    }
    if (!ChannelLimits.fits(acct.channel(), claim, encoding)) {
      err().println("Warning: this " + encoding.wireName() + " proof is " + ChannelLimits.size(acct.channel(), claim, encoding)
          + " " + unit(acct.channel()) + " long; " + acct.channel().prefix() + " takes at most "
          + ChannelLimits.limit(acct.channel()) + ". A shorter --note may help.");
    }
    err().println(publish);
    err().println("Then check it: kez verify claim <file with the proof> --account " + acct);
    return ExitCode.OK;
  }

  private static String unit(Account.Channel channel) {
    return switch (channel) {
      case BLUESKY -> "graphemes";
      case AP -> "characters";
      default -> "bytes";
    };
  }

  /** {@code 90d}, {@code 12h}, {@code 1y2w}: seconds. A year is 365 days. */
  static long parseDuration(String text) {
    String s = text.strip().toLowerCase(java.util.Locale.ROOT);
    Matcher m = DURATION.matcher(s);
    long total = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      long unit = switch (m.group(2)) {
        case "s" -> 1;
        case "m" -> 60;
        case "h" -> 3600;
        case "d" -> 86_400;
        case "w" -> 7 * 86_400;
        default -> 365 * 86_400;
      };
      total += Long.parseLong(m.group(1)) * unit; // at most 10^6 years a term: cannot overflow
      if (total > Json.MAX_SAFE_INTEGER) break;
      end = m.end();
    }
    if (end == 0 || end != s.length() || total <= 0 || total > Json.MAX_SAFE_INTEGER) {
      throw new MalformedException("malformed duration '" + text + "': expected e.g. 90d, 12h, 1y or 2w3d");
    }
    return total;
  }
}
