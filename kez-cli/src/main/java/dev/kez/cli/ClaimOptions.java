package dev.kez.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.channels.ChannelPlugin;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.json.Json;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The options that shape a claim and its printed proof, shared by {@code kez claim} and {@code kez
 * sigchain add} so both read and print claims the same way.
 */
public final class ClaimOptions {
  @Option(
      names = "--format",
      paramLabel = "json|compact|md|dns",
      description = "Encoding of the proof (default: best for the channel).")
  @Nullable Encoding format;

  @ArgGroup(exclusive = true)
  @Nullable Expiry expiry;

  static final class Expiry {
    @Option(
        names = "--expires-in",
        paramLabel = "DURATION",
        converter = Converters.Expiry.class,
        description = "Expire after this long, e.g. 90d, 12h, 1y, 2w3d (s m h d w y).")
    @Nullable Duration in;

    @Option(
        names = "--expires-at",
        paramLabel = "UNIX",
        description = "Expire at this time (unix seconds).")
    @Nullable Long at;
  }

  @Option(
      names = "--note",
      paramLabel = "TEXT",
      description = "A note carried in the signed claim (at most 280 characters).")
  @Nullable String note;

  @Option(
      names = "--json",
      description =
          "Print JSON instead: {\"account\", \"key\", \"encoding\", \"proof\", \"claim\", \"publish\", …}; "
              + "for kez publish {\"account\", \"location\", \"status\", \"reason\", \"report\", \"new_link\"}.")
  boolean json;

  /** Signs a claim for the account with these options. */
  public Claim sign(Account account, long createdAt, SecretKey signer) {
    Claim.Builder builder = Claim.builder(account).createdAt(createdAt);
    if (expiry != null)
      builder.expiresAt(expiry.at != null ? expiry.at : createdAt + expiry.in.toSeconds());
    if (note != null) builder.note(note);
    return builder.sign(signer);
  }

  /**
   * Prints the proof on stdout (or the JSON object, which {@code extra} may add to) and, on stderr,
   * a size warning when the proof is too long for its channel and where to publish it.
   */
  public void print(KezCommand command, Claim claim, Consumer<ObjectNode> extra) {
    Account account = claim.account();
    ChannelPlugin channel = ChannelPlugin.of(account.channel());
    Encoding encoding = format != null ? format : channel.preferredEncoding(claim);
    String proof = channel.proofText(claim, encoding); // the form preferredEncoding measured
    String publish = channel.publishInstructions(account, claim, encoding);
    if (json) {
      ObjectNode o =
          Json.newObject()
              .put("account", account.toString())
              .put("key", claim.key().encoded())
              .put("encoding", encoding.wireName())
              .put("proof", proof);
      o.set("claim", claim.toJson());
      o.put("publish", publish);
      extra.accept(o);
      command.printJson(o);
    } else {
      command.out().print(proof.endsWith("\n") ? proof : proof + "\n");
      command.out().flush();
    }
    if (!channel.fits(claim, encoding)) {
      command
          .err()
          .println(
              "Warning: this "
                  + encoding.wireName()
                  + " proof is "
                  + channel.size(claim, encoding)
                  + " "
                  + channel.limit().unit()
                  + " long; "
                  + account.channel().prefix()
                  + " takes at most "
                  + channel.limit().max()
                  + ". A shorter --note may help.");
    }
    command.err().println(publish);
    command
        .err()
        .println("Then check it: kez verify claim <file with the proof> --account " + account);
  }

  /** The encoding --format asks for, else the channel's best for this claim. */
  public Encoding encoding(ChannelPlugin channel, Claim claim) {
    return format != null ? format : channel.preferredEncoding(claim);
  }

  /** Whether --note or an expiry shapes the claim, so that one already signed will not do. */
  public boolean shapesClaim() {
    return note != null || expiry != null;
  }

  /** Whether --json was given. */
  public boolean json() {
    return json;
  }
}
