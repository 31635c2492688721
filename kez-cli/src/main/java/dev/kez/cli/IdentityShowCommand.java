package dev.kez.cli;

import dev.kez.core.crypto.NostrPublicKey;
import dev.kez.core.json.Json;
import dev.kez.core.keystore.KeyStore;
import dev.kez.core.keystore.KeyStoreException;
import dev.kez.core.keystore.StoredKey;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kez identity show}: the public side only; never asks for a passphrase. */
@Command(
    name = "show",
    header = "Show your identity's public key.",
    description = {
      "%nPrints the public key, its algorithm, where it is stored and whether it is encrypted. "
          + "Never prints the secret (that is: kez identity export --secret)."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  kez identity show", "  kez identity show --json | jq -r .public"})
public final class IdentityShowCommand extends KezCommand {
  @Option(
      names = "--json",
      description = "Print {\"public\", \"alg\", \"encrypted\", \"file\"[, \"hex\", \"device\"]}.")
  boolean json;

  @Override
  public Integer call() {
    KeyStore ks = keyStore();
    StoredKey key =
        ks.primaryInfo()
            .orElseThrow(() ->
                new KeyStoreException(
                    "no identity in "
                        + ks.home()
                        + " yet (create one with 'kez identity new' or 'kez identity import')"));
    Optional<StoredKey> device = ks.deviceInfo();
    String hex = key.publicKey() instanceof NostrPublicKey n ? n.hex() : null;
    if (json) {
      var o =
          Json.newObject()
              .put("public", key.publicKey().encoded())
              .put("alg", key.algorithm().wireName())
              .put("encrypted", key.encrypted())
              .put("file", key.file().toString());
      if (hex != null) o.put("hex", hex);
      device.ifPresent(d -> o.put("device", d.publicKey().encoded()));
      printJson(o);
    } else {
      out().println(key.publicKey().encoded());
      out().println("  algorithm: " + key.algorithm());
      if (hex != null) out().println("  hex:       " + hex);
      out()
          .println(
              "  stored in: "
                  + key.file()
                  + (key.encrypted() ? " (passphrase-protected)" : " (not encrypted)"));
      device.ifPresent(d -> out().println("  device:    " + d.publicKey().encoded()));
    }
    return ExitCode.OK;
  }
}
