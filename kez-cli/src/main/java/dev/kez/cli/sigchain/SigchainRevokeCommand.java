package dev.kez.cli.sigchain;

import dev.kez.cli.ExitCode;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.chain.Links;
import dev.kez.core.claim.Account;
import dev.kez.core.crypto.SecretKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kez sigchain revoke}: the account is no longer yours. */
@Command(
    name = "revoke",
    header = "Revoke an account in your sigchain.",
    description = {
      "%nAppends a revoke link: verifiers then report the account's claims as revoked."
    })
final class SigchainRevokeCommand extends SigchainBase {
  @Parameters(paramLabel = "ACCOUNT", description = "The account: <channel>:<id>.")
  Account account;

  @Mixin DeviceOption device = new DeviceOption();

  @Mixin Time time = new Time();

  @Override
  public Integer call() {
    Account acct = account;
    long created = createdAt(time.createdAt);
    ChainStore store = store();
    SecretKey signer = addSigner(store, device);
    append(store, st -> Links.revoke(st, acct, signer, created));
    out().println("revoked " + acct);
    return ExitCode.OK;
  }
}
