package dev.kez.cli;

import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import java.util.Arrays;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kez identity export --secret}: the one command that prints a secret. */
@Command(
    name = "export",
    header = "Print your secret key (for backup or another client).",
    description = {
      "%nPrints the secret key on standard output: nsec1… for a nostr key (NIP-19, which other "
          + "nostr clients import), 64 hex characters for an Ed25519 seed. Anyone who has it can sign "
          + "as you, so it asks for --secret to be sure. An encrypted key needs its passphrase."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  kez identity export --secret > backup.txt && chmod 600 backup.txt"})
public final class IdentityExportCommand extends KezCommand {
  @Option(names = "--secret", description = "Yes, print the secret key.")
  boolean secret;

  @Override
  public Integer call() {
    if (!secret)
      throw usage(
          "refusing to print the secret key without --secret (anyone who has it can sign as you)");
    SecretKey key = keyStore().primary(passphrases());
    if (key.algorithm() == Algorithm.NOSTR) {
      out().println(key.toNsec());
    } else {
      byte[] seed = key.exportSecret();
      out().println(HexFormat.of().formatHex(seed));
      Arrays.fill(seed, (byte) 0);
    }
    return ExitCode.OK;
  }
}
