package dev.kez.cli.publish;

import dev.kez.cli.ExitCode;
import dev.kez.cli.KezCommand;
import dev.kez.core.claim.Account;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kez logout}: forget a stored credential. */
@Command(
    name = "logout",
    header = "Remove the credential kez login stored for one channel.",
    description = {
      "%nRemoves it from KEZ_HOME/credentials.json. A credential in an environment variable is not kez's to remove."
    })
public final class LogoutCommand extends KezCommand {
  @Parameters(
      paramLabel = "CHANNEL",
      description = "github, bluesky, ap (or mastodon), dns or nostr.")
  String channel;

  @Option(
      names = "--account",
      paramLabel = "ID",
      description = "The account it was stored for (default: the channel's).")
  @Nullable String account;

  @Override
  public Integer call() {
    Account.Channel c = Account.Channel.fromPrefix(channel);
    boolean removed = new Credentials(kez().homeDir(), kez().env()).remove(c, account);
    String which = c.prefix() + (account == null ? "" : " (" + account + ")");
    out()
        .println(
            removed
                ? "Removed the " + which + " credential."
                : "No stored " + which + " credential.");
    String variable = Credentials.VARIABLES.get(c);
    if (kez().env().containsKey(variable))
      err().println("Note: " + variable + " is still set in the environment.");
    out().flush();
    return removed ? ExitCode.OK : ExitCode.LOCAL;
  }
}
