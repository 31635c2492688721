package dev.kez.cli.sigchain;

import dev.kez.channels.ChannelPlugin;
import dev.kez.cli.ExitCode;
import dev.kez.core.MalformedException;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.chain.Link;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.encoding.ChannelLimits;
import dev.kez.core.encoding.ClaimCodec;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.json.Json;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kez sigchain add}: sign a claim and record it in the sigchain in one step. */
@Command(name = "add",
    header = "Claim an account and add the claim to your sigchain.",
    description = {
        "%nSigns a claim for ACCOUNT (as 'kez claim' does), appends an add link holding it to your "
            + "sigchain, and prints the proof to publish on the account's channel."},
    footerHeading = "%nExamples:%n",
    footer = {"  kez sigchain add github:alice > kez.md", "  kez sigchain add dns:example.com --expires-in 365d"})
final class SigchainAddCommand extends SigchainBase {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhdwy])");

  @Parameters(paramLabel = "ACCOUNT", description = "The account: <channel>:<id>.")
  String account;

  @Option(names = "--format", paramLabel = "json|compact|md|dns", description = "Encoding of the proof (default: best for the channel).")
  String format;

  @ArgGroup(exclusive = true)
  Expiry expiry;

  static final class Expiry {
    @Option(names = "--expires-in", paramLabel = "DURATION", description = "Expire after this long, e.g. 90d, 12h, 1y.")
    String in;

    @Option(names = "--expires-at", paramLabel = "UNIX", description = "Expire at this time (unix seconds).")
    Long at;
  }

  @Option(names = "--note", paramLabel = "TEXT", description = "A note carried in the signed claim (at most 280 characters).")
  String note;

  @Option(names = "--device", description = "Sign with this machine's device key instead of the primary key.")
  boolean device;

  @Option(names = "--json", description = "Print {\"account\", \"key\", \"encoding\", \"proof\", \"claim\", \"link\"} instead.")
  boolean json;

  @Mixin Time time = new Time();

  @Override
  protected int run() {
    Account acct = Account.parse(account);
    Encoding requested = format == null ? null : Encoding.fromName(format);
    long created = createdAt(time.createdAt);
    ChainStore store = store();
    SecretKey signer = device ? device(store) : primary(store);
    Claim.Builder builder = Claim.builder(acct).createdAt(created);
    if (expiry != null) builder.expiresAt(expiry.at != null ? expiry.at : Math.addExact(created, seconds(expiry.in)));
    if (note != null) builder.note(note);
    Claim claim = builder.sign(signer);
    Link link = append(store, st -> Link.add(st, claim, signer, created));

    Encoding encoding = requested != null ? requested : ClaimCodec.preferredFor(acct.channel(), claim);
    String proof = ClaimCodec.encode(claim, encoding);
    if (json) {
      var o = Json.newObject().put("account", acct.toString()).put("key", claim.key().encoded())
          .put("encoding", encoding.wireName()).put("proof", proof);
      o.set("claim", claim.toJson());
      o.set("link", link.toJson());
      printJson(o);
    } else {
      out().print(proof.endsWith("\n") ? proof : proof + "\n");
      out().flush();
    }
    if (!ChannelLimits.fits(acct.channel(), claim, encoding)) {
      err().println("Warning: this " + encoding.wireName() + " proof is longer than " + acct.channel().prefix()
          + " allows (" + ChannelLimits.limit(acct.channel()) + "). A shorter --note may help.");
    }
    err().println(instructions(acct, claim));
    return ExitCode.OK;
  }

  /** A channel plugin's instructions when one is installed, else the pointer to 'kez claim --help'. */
  private static String instructions(Account account, Claim claim) {
    for (ChannelPlugin plugin : ServiceLoader.load(ChannelPlugin.class)) {
      if (plugin.channel() == account.channel()) return plugin.publishInstructions(account, claim);
    }
    return "Publish the proof above on " + account + " as 'kez claim' would (see 'kez claim --help').";
  }

  /** {@code 90d}, {@code 12h}, {@code 1y2w}: seconds (a year is 365 days), as 'kez claim' reads them. */
  static long seconds(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
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
      total = Math.addExact(total, Math.multiplyExact(Long.parseLong(m.group(1)), unit));
      end = m.end();
    }
    if (end == 0 || end != s.length() || total <= 0) {
      throw new MalformedException("malformed duration '" + text + "': expected e.g. 90d, 12h, 1y or 2w3d");
    }
    return total;
  }
}
