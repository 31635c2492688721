package dev.kez.cli.sigchain;

import dev.kez.cli.ExitCode;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.keystore.KeyStore;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kez sigchain device-key}: this machine's device public key, made on first use. */
@Command(
    name = "device-key",
    header = "Print this machine's device key (made if there is none).",
    description = {
      "%nGive the printed key to 'kez sigchain add-device --key' on the machine holding your identity."
    })
final class SigchainDeviceKeyCommand extends SigchainBase {
  @Option(
      names = "--alg",
      paramLabel = "ed25519|nostr",
      defaultValue = "ed25519",
      description =
          "The algorithm of a key made now: ed25519, or nostr (its npub is then a nostr account this"
              + " device can publish a proof for itself). Default: ${DEFAULT-VALUE}.")
  Algorithm alg;

  @Override
  public Integer call() {
    KeyStore ks = keyStore();
    if (ks.deviceInfo().isEmpty()) {
      SecretKey key = SecretKey.generate(alg);
      ks.saveDevice(key, Optional.empty());
      err().println("Made a device key for this machine: " + ks.deviceFile());
    }
    out().println(ks.deviceInfo().orElseThrow().publicKey().encoded());
    return ExitCode.OK;
  }
}
