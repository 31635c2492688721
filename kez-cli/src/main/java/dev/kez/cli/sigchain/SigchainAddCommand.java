package dev.kez.cli.sigchain;

import dev.kez.cli.ClaimOptions;
import dev.kez.cli.ExitCode;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.Links;
import dev.kez.core.claim.Account;
import dev.kez.core.claim.Claim;
import dev.kez.core.crypto.SecretKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kez sigchain add}: sign a claim and record it in the sigchain in one step. */
@Command(
    name = "add",
    header = "Claim an account and add the claim to your sigchain.",
    description = {
      "%nSigns a claim for ACCOUNT (as 'kez claim' does), appends an add link holding it to your "
          + "sigchain, and prints the proof to publish on the account's channel."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  kez sigchain add github:alice > kez.md",
      "  kez sigchain add dns:example.com --expires-in 365d"
    })
final class SigchainAddCommand extends SigchainBase {
  @Parameters(paramLabel = "ACCOUNT", description = "The account: <channel>:<id>.")
  Account account;

  @Mixin ClaimOptions options = new ClaimOptions();

  @Mixin DeviceOption device = new DeviceOption();

  @Mixin Time time = new Time();

  @Override
  public Integer call() {
    Account acct = account;
    long created = createdAt(time.createdAt);
    ChainStore store = store();
    SecretKey signer = addSigner(store, device);
    Claim claim = options.sign(acct, created, signer);
    Link link = append(store, st -> Links.add(st, claim, signer, created));
    options.print(this, claim, json -> json.set("link", link.toJson()));
    return ExitCode.OK;
  }
}
