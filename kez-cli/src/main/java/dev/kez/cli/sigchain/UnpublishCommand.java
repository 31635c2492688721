package dev.kez.cli.sigchain;

import dev.kez.channels.ChannelContext;
import dev.kez.channels.ProofPublisher;
import dev.kez.channels.ProofPublisher.Outcome;
import dev.kez.cli.publish.Credentials;
import dev.kez.core.chain.AccountState;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.Links;
import dev.kez.core.claim.Account;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kez unpublish}: revoke an account in the chain and take its proof down. */
@Command(
    name = "unpublish",
    header = "Revoke an account in your sigchain and remove its published proof.",
    description = {
      "%nRevokes the account where verifiers look: github: kez.md becomes a revocation notice that "
          + "still carries the claim, beside kez-sigchain.jsonl holding the revoke link, so that anyone's "
          + "'kez verify id' reports it revoked; nostr, dns and ap host no chain, so the proof is removed "
          + "there (nostr: replaced by an empty event; dns: the _kez TXT records deleted; ap: the proof "
          + "statuses and the kez profile field deleted): a verifier asking about that account alone finds "
          + "nothing (not_found), one that reaches your chain (through your github proof or a sig-server) "
          + "reads it revoked. Then appends the revoke link to your sigchain and checks that 'kez verify "
          + "id' reports the account revoked. A refused removal changes nothing. Exit code 0 only when "
          + "the check says revoked."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  kez unpublish github:alice", "  kez unpublish github:alice --dry-run"})
public final class UnpublishCommand extends PublishingBase {
  @Option(
      names = "--json",
      description =
          "Print {\"account\", \"location\", \"status\", \"reason\", \"report\", \"new_link\"} instead.")
  boolean json;

  @Override
  boolean jsonOutput() {
    return json;
  }

  @Override
  public Integer call() {
    Account acct = account;
    ProofPublisher publisher = publisher(plugin(acct), acct);
    Credentials.Found credential = credential(acct);
    ChannelContext ctx = network.context(kez());
    long created = createdAt(time.createdAt);
    ChainStore store = store();
    SecretKey signer = addSigner(store, device);
    AccountState held = store.state().accounts().get(acct);
    Link revoke =
        held != null && held.status() != Status.REVOKED
            ? Links.revoke(store.state(), acct, signer, created)
            : null;
    // the chain with the revocation, also when it is there already: a channel hosting the chain
    // keeps the claim beside it so that a stranger reads revoked, not not_found (SPEC §10.2)
    String bundle = held == null ? null : bundle(store, revoke);
    Outcome outcome =
        publisher.unpublish(
            acct, new ProofPublisher.Credential(credential.secret()), ctx, dryRun, bundle);
    Optional<Integer> stop =
        stopUnlessPublished(
            acct, outcome, credential, "nothing was changed, neither there nor in your sigchain");
    if (stop.isPresent()) return stop.get();
    appendAfter(
        store, revoke, "the proof is removed from ", outcome, "the revocation", "revoke", acct);
    Verdict verdict = check(acct, ctx);
    return report(
        acct,
        (Outcome.Published) outcome,
        verdict,
        held == null ? Verdict.NotFound.class : Verdict.Revoked.class,
        o -> o.put("new_link", revoke != null));
  }
}
