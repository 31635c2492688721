package dev.kez.cli.sigchain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.ChannelPlugin;
import dev.kez.channels.ProofPublisher;
import dev.kez.channels.ProofPublisher.Outcome;
import dev.kez.channels.identity.IdentityGraph;
import dev.kez.channels.identity.IdentityVerifier;
import dev.kez.cli.ExitCode;
import dev.kez.cli.Failure;
import dev.kez.cli.NetworkOptions;
import dev.kez.cli.publish.Credentials;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.chain.Link;
import dev.kez.core.claim.Account;
import dev.kez.core.json.Json;
import dev.kez.core.status.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code kez publish} and {@code kez unpublish} share: the channel's {@link ProofPublisher}
 * and the account's credential, the order that keeps a failure harmless (the remote change first,
 * the chain link only once it is done, so a refusal leaves both as they were), and the check
 * afterwards through the path {@code kez verify id} takes, with the local chain as a source.
 */
abstract class PublishingBase extends SigchainBase {
  @Parameters(paramLabel = "ACCOUNT", description = "The account: <channel>:<id>.")
  Account account;

  @Option(
      names = "--dry-run",
      description =
          "Show the exact requests that would be made (credentials masked); change nothing.")
  boolean dryRun;

  @Mixin DeviceOption device = new DeviceOption();

  @Mixin NetworkOptions network = new NetworkOptions();

  @Mixin Time time = new Time();

  /** The plugin of the account's channel, which must be able to publish. */
  ChannelPlugin plugin(Account acct) {
    return ChannelPlugin.of(acct.channel(), kez().env());
  }

  ProofPublisher publisher(ChannelPlugin plugin, Account acct) {
    return plugin
        .publisher()
        .orElseThrow(() ->
            usage(
                "kez cannot publish on "
                    + acct.channel().prefix()
                    + " itself yet: 'kez sigchain add "
                    + acct
                    + "' signs the proof and says where to put it"));
  }

  Credentials.Found credential(Account acct) {
    String variable = Credentials.VARIABLES.get(acct.channel());
    return ownNostrKey(acct)
        .or(() -> new Credentials(kez().homeDir(), kez().env()).find(acct))
        .orElseThrow(() ->
            Failure.local(
                "no "
                    + acct.channel().prefix()
                    + " credential: run 'kez login "
                    + acct.channel().prefix()
                    + "' or set "
                    + variable));
  }

  /**
   * nostr: the account's own key when this machine holds it (the primary or the device key), before
   * any lent nsec. The proof event is always signed by the account's key (SPEC §10.3); the chain
   * only says which key signs the claim inside ({@link #addSigner}).
   */
  private Optional<Credentials.Found> ownNostrKey(Account acct) {
    if (acct.channel() != Account.Channel.NOSTR) return Optional.empty();
    var keys = keyStore();
    if (keys.primaryPublic().filter(k -> k.encoded().equals(acct.id())).isPresent())
      return Optional.of(
          new Credentials.Found(keys.primary(passphrases()).toNsec(), "your identity key"));
    if (keys.deviceInfo().filter(k -> k.publicKey().encoded().equals(acct.id())).isPresent())
      return keys.device(passphrases())
          .map(k -> new Credentials.Found(k.toNsec(), "this machine's device key"));
    return Optional.empty();
  }

  /**
   * Appends the link made for a change that is done on the channel; if the chain refuses it, says
   * what is done there and which command adds the link (the remote change cannot be rolled back).
   */
  void appendAfter(
      ChainStore store,
      @Nullable Link link,
      String done,
      Outcome outcome,
      String what,
      String command,
      Account acct) {
    if (link == null) return;
    try {
      append(store, st -> link);
    } catch (RuntimeException e) {
      throw Failure.local(
          done
              + ((Outcome.Published) outcome).location()
              + " but "
              + what
              + " could not be added to your sigchain: "
              + e.getMessage()
              + "; 'kez sigchain "
              + command
              + " "
              + acct
              + "' adds it");
    }
  }

  /** The chain's links with {@code next} (if any) after them, as a bundle (SPEC §7). */
  static String bundle(ChainStore store, @Nullable Link next) {
    List<Link> links = new ArrayList<>(store.links());
    if (next != null) links.add(next);
    return Bundle.toString(links);
  }

  /**
   * Reports a dry run or a refusal and returns its exit code; empty for a {@link Outcome.Published}
   * the caller goes on with.
   */
  Optional<Integer> stopUnlessPublished(
      Account acct, Outcome outcome, Credentials.Found credential, String unchanged) {
    switch (outcome) {
      case Outcome.Planned p -> {
        if (jsonOutput()) {
          ObjectNode o = Json.newObject().put("account", acct.toString()).put("status", "dry_run");
          p.requests().forEach(o.putArray("requests")::add);
          printJson(o);
        } else {
          out()
              .println(
                  "Dry run: nothing was changed. "
                      + (p.requests().isEmpty()
                          ? "No request would be made."
                          : "The requests would be:"));
          for (String r : p.requests()) out().println("\n" + r);
          out().flush();
        }
        return Optional.of(ExitCode.OK);
      }
      case Outcome.Refused r -> {
        // a reason that says what was changed there is completed with the chain's side only
        String line =
            acct
                + ": "
                + r.reason()
                + "; "
                + (r.reason().contains("changed") ? "your sigchain is unchanged" : unchanged);
        if (r.credentialRejected())
          line += "; renew the credential: " + credential.renew(acct.channel());
        if (jsonOutput()) {
          printJson(
              Json.newObject()
                  .put("account", acct.toString())
                  .put("status", "refused")
                  .put("reason", line));
        }
        err().println("kez: " + line);
        return Optional.of(r.retryable() ? ExitCode.UNREACHABLE : ExitCode.FAILED);
      }
      case Outcome.Published p -> {
        return Optional.empty();
      }
    }
  }

  /**
   * {@code kez verify id ACCOUNT --chain KEZ_HOME/sigchain.jsonl}, as a verifier would see it now.
   */
  Verdict check(Account acct, ChannelContext ctx) {
    IdentityGraph g =
        IdentityVerifier.of(kez().plugins())
            .verify(
                acct,
                new IdentityVerifier.Options(
                    ctx, List.of(chainFile()), List.of(), kez().clock().instant(), s -> {}));
    return g.verdict();
  }

  /**
   * Prints what was done and the verdict of the check; exit 0 only when the verdict is {@code
   * expected}.
   */
  int report(
      Account acct,
      Outcome.Published p,
      Verdict verdict,
      Class<? extends Verdict> expected,
      Function<ObjectNode, ObjectNode> extra) {
    String status = verdict.status().wireName();
    if (jsonOutput()) {
      ObjectNode o =
          Json.newObject()
              .put("account", acct.toString())
              .put("location", p.location())
              .put("status", status)
              .put("reason", verdict.reason());
      p.report().forEach(o.putArray("report")::add);
      printJson(extra.apply(o));
    } else {
      out().println(p.location());
      for (String line : p.report()) out().println("  " + line);
      out().println("kez verify id " + acct + ": " + status + " (" + verdict.reason() + ")");
      out().flush();
    }
    return expected.isInstance(verdict)
        ? ExitCode.OK
        : verdict instanceof Verdict.Unreachable ? ExitCode.UNREACHABLE : ExitCode.FAILED;
  }

  abstract boolean jsonOutput();
}
