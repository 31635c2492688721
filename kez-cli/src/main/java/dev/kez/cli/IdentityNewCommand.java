package dev.kez.cli;

import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kez identity new}. */
@Command(
    name = "new",
    header = "Make a new identity key.",
    description = {
      "%nMakes a fresh key from the system's secure random source and saves it as "
          + "KEZ_HOME/identity.json (mode 0600). Prints the public key on standard output. Refuses to "
          + "replace an existing identity unless --force is given; even then the old key is moved to "
          + "KEZ_HOME/keys/archive/, never deleted."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  kez identity new",
      "  kez identity new --alg ed25519",
      "  KEZ_PASSPHRASE=… kez identity new --encrypt --json"
    })
public final class IdentityNewCommand extends IdentityWriting {
  @Option(
      names = "--alg",
      paramLabel = "nostr|ed25519",
      defaultValue = "nostr",
      description =
          "Key algorithm: nostr (secp256k1, BIP-340; npub1…) or ed25519. Default: ${DEFAULT-VALUE}.")
  Algorithm alg;

  @Override
  public Integer call() {
    return save(SecretKey.generate(alg), Optional.empty());
  }
}
