package dev.kez.cli.sigchain;

import dev.kez.cli.ExitCode;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.chain.Links;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.SecretKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kez sigchain revoke-device}: the device key may sign no more links. */
@Command(
    name = "revoke-device",
    header = "Revoke a device key.",
    description = {
      "%nAccounts the device added stay valid until revoked; the device can sign no later links."
    })
final class SigchainRevokeDeviceCommand extends SigchainBase {
  @Parameters(paramLabel = "KEY", description = "The device's public key.")
  PublicKey key;

  @Mixin Time time = new Time();

  @Override
  public Integer call() {
    PublicKey device = key;
    long created = createdAt(time.createdAt);
    ChainStore store = store();
    SecretKey primary = primary(store);
    append(store, st -> Links.revokeDevice(st, primary, device, created));
    out().println("revoked device " + device);
    return ExitCode.OK;
  }
}
