package dev.kez.cli.sigchain;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.ChannelPlugin;
import dev.kez.channels.ProofPublisher;
import dev.kez.channels.ProofPublisher.Outcome;
import dev.kez.cli.ClaimOptions;
import dev.kez.cli.publish.Credentials;
import dev.kez.core.chain.AccountState;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.Links;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.encoding.Encoding;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kez publish}: claim an account, publish the proof on it, and check it as a verifier would.
 */
@Command(
    name = "publish",
    header = "Publish the proof of an account on the account itself, and check it.",
    description = {
      "%nSigns a claim for ACCOUNT and records it in your sigchain (as 'kez sigchain add' does), "
          + "publishes the proof on the account's channel with the credential 'kez login' stored (or its "
          + "environment variable), then fetches it back as 'kez verify id' does and prints the verdict. "
          + "github: the proof gist (kez.md, and kez-sigchain.jsonl beside it), created or updated in place; "
          + "nostr: the proof event, sent to the configured relays and the account's NIP-65 write relays; "
          + "dns: an RFC 2136 update signed with TSIG (without a key: the zone line to add); ap: a public "
          + "status, or a 'kez' profile field with --where profile (Mastodon client API); bluesky: a post, or a "
          + "line of the profile description with --where profile, on the account's PDS with an app password "
          + "(never the main password). Publishing again "
          + "replaces the proof: there is one proof per account. An account already in the chain keeps its "
          + "claim unless --note or an expiry asks for a new one.",
      "%nThe remote change comes first and the chain link only once it is done: a refused publish "
          + "leaves both as they were. Exit code 0 only when the check says valid."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  kez login github && kez publish github:alice",
      "  kez publish github:alice --dry-run",
      "  kez publish nostr:npub1… --relay wss://relay.example --json"
    })
public final class PublishCommand extends PublishingBase {
  @Mixin ClaimOptions options = new ClaimOptions();

  @Option(
      names = "--where",
      paramLabel = "post|profile",
      description =
          "ap, bluesky: a post (default) or the profile (ap: a 'kez' profile field; bluesky: a line of"
              + " the description).")
  String where;

  @Override
  boolean jsonOutput() {
    return options.json();
  }

  @Override
  public Integer call() {
    Account acct = account;
    String place = where(acct);
    ChannelPlugin plugin = plugin(acct);
    ProofPublisher publisher = publisher(plugin, acct);
    ChannelContext ctx = network.context(kez());
    if (acct.channel() == Account.Channel.DNS
        && new Credentials(kez().homeDir(), kez().env()).find(acct).isEmpty()) {
      return zoneLine(acct, ctx);
    }
    Credentials.Found credential = credential(acct);
    long created = createdAt(time.createdAt);
    ChainStore store = store();
    SecretKey signer = addSigner(store, device);
    Optional<Claim> held = heldClaim(store, acct, signer);
    Claim claim = held.orElseGet(() -> options.sign(acct, created, signer));
    Link link = held.isPresent() ? null : Links.add(store.state(), claim, signer, created);
    Encoding encoding = options.encoding(plugin, claim);
    String bundle = bundle(store, link);
    Outcome outcome =
        publisher.publish(
            new ProofPublisher.Request(
                claim,
                encoding,
                new ProofPublisher.Credential(credential.secret()),
                ctx,
                dryRun,
                bundle,
                place));
    Optional<Integer> stop =
        stopUnlessPublished(
            acct, outcome, credential, "nothing was changed, neither there nor in your sigchain");
    if (stop.isPresent()) return stop.get();
    // the very link the remote bundle holds (signatures may be randomized)
    appendAfter(store, link, "the proof is published at ", outcome, "its link", "add", acct);
    Verdict verdict = check(acct, ctx);
    return report(
        acct,
        (Outcome.Published) outcome,
        verdict,
        Verdict.Valid.class,
        o -> o.put("new_link", link != null));
  }

  /**
   * The valid claim the chain already holds for the account under this signer, which publishing
   * again republishes (one proof, one link); empty when a new claim is to be signed.
   */
  private Optional<Claim> heldClaim(ChainStore store, Account acct, SecretKey signer) {
    AccountState held = store.state().accounts().get(acct);
    return held != null
            && held.status() == Status.VALID
            && held.claim().key().equals(signer.publicKey())
            && !options.shapesClaim()
        ? Optional.of(held.claim())
        : Optional.empty();
  }

  /** The place asked for besides the default; null: the default ({@code Request.where}). */
  private @org.jspecify.annotations.Nullable String where(Account acct) {
    if (where == null || where.equals("post")) return null;
    if (!where.equals("profile")) throw usage("--where takes post or profile, not '" + where + "'");
    if (acct.channel() != Account.Channel.AP && acct.channel() != Account.Channel.BLUESKY) {
      throw usage("--where profile is for ap and bluesky accounts");
    }
    return where;
  }

  /**
   * A DNS provider without an update API (or no TSIG key here): the exact zone line to add and how
   * to check it, then the check itself. The claim goes into the chain at once, so that running the
   * command again (once the record is in) prints the same line and finds it valid.
   */
  private int zoneLine(Account acct, ChannelContext ctx) {
    ChainStore store = store();
    SecretKey signer = addSigner(store, device);
    Optional<Claim> held = heldClaim(store, acct, signer);
    long created = createdAt(time.createdAt);
    Claim claim = held.orElseGet(() -> options.sign(acct, created, signer));
    String line = dev.kez.core.encoding.ClaimCodec.encode(claim, Encoding.DNS_TXT);
    err()
        .println(
            "No TSIG key for "
                + acct
                + " (kez login dns, or KEZ_DNS_TSIG=name:algorithm:secret), so kez cannot update the zone itself.");
    err()
        .println(
            "Add this line to the zone of "
                + acct.id()
                + ", replacing any TXT record at _kez."
                + acct.id()
                + ":");
    out().println(line);
    out().flush();
    err()
        .println(
            "Check it with: dig +short TXT _kez." + acct.id() + "   then run this command again.");
    // recorded now, as 'kez sigchain add' would: running this again prints the same line and checks
    // it
    if (held.isEmpty() && !dryRun) append(store, st -> Links.add(st, claim, signer, created));
    Verdict verdict = check(acct, ctx);
    err()
        .println(
            "kez verify id "
                + acct
                + ": "
                + verdict.status().wireName()
                + " ("
                + verdict.reason()
                + ")");
    return verdict instanceof Verdict.Valid ? dev.kez.cli.ExitCode.OK : dev.kez.cli.ExitCode.FAILED;
  }
}
