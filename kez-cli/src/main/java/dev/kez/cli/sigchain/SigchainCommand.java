package dev.kez.cli.sigchain;

import dev.kez.cli.KezCommand;
import dev.kez.cli.server.SigchainFetchCommand;
import dev.kez.cli.server.SigchainPublishCommand;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code kez sigchain}: the identity's history of accounts, keys and devices. */
@Command(
    name = "sigchain",
    header = "Keep your identity's history: accounts, key rotations, devices.",
    description = {
      "%nYour sigchain is a signed, append-only list of links in KEZ_HOME/sigchain.jsonl: each "
          + "adds or revokes an account, rotates the primary key, or adds or revokes a device key. "
          + "Anyone holding a copy replays it to see which accounts and keys are yours now, and two "
          + "copies that disagree are reported as a fork."
    })
public final class SigchainCommand {
  /** Its subcommands, in help's order; dev.kez.cli.Tree adds only those the command line needs. */
  public static final List<Class<?>> SUBCOMMANDS =
      List.of(
          SigchainAddCommand.class,
          SigchainRevokeCommand.class,
          SigchainRotateCommand.class,
          SigchainAddDeviceCommand.class,
          SigchainDeviceKeyCommand.class,
          SigchainDeviceSignCommand.class,
          SigchainRevokeDeviceCommand.class,
          SigchainShowCommand.class,
          SigchainExportCommand.class,
          SigchainImportCommand.class,
          SigchainVerifyCommand.class,
          SigchainPublishCommand.class,
          SigchainFetchCommand.class,
          HelpCommand.class);

  /** {@code kez sigchain verify FILE… [--json]}, for dev.kez.cli.Direct (no picocli). */
  public static KezCommand verify(List<Path> files, boolean json) {
    var c = new SigchainVerifyCommand();
    c.files = files;
    c.json = json;
    return c;
  }
}
