package dev.kez.cli;

import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import dev.kez.core.keystore.KeyStore;
import dev.kez.core.keystore.KeyStoreException;
import dev.kez.core.keystore.StoredKey;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * What {@code identity new} and {@code identity import} share: --encrypt, --force, --json, saving.
 */
abstract class IdentityWriting extends KezCommand {
  @Option(
      names = "--encrypt",
      description = "Protect the key with a passphrase (from KEZ_PASSPHRASE, else asked twice).")
  boolean encrypt;

  @Option(
      names = "--force",
      description = "Replace an existing identity; the old key is kept in KEZ_HOME/keys/archive/.")
  boolean force;

  @Option(
      names = "--json",
      description =
          "Print {\"public\", \"alg\", \"encrypted\", \"file\"} instead of the public key.")
  boolean json;

  /**
   * Saves the key as the primary key and reports it.
   *
   * @param passphrase a passphrase already known for this key (an imported encrypted key), else one
   *     is asked for when --encrypt is given
   */
  protected int save(SecretKey key, Optional<char[]> passphrase) {
    KeyStore ks = keyStore();
    Optional<StoredKey> existing = force ? Optional.empty() : ks.primaryInfo();
    if (existing.isPresent()) {
      throw new KeyStoreException(
          "an identity already exists in "
              + ks.home()
              + " ("
              + existing.get().publicKey()
              + "); add --force to replace it (the old key is then kept in keys/archive/)");
    }
    Optional<char[]> pass =
        passphrase.isPresent() || !encrypt
            ? passphrase
            : Optional.of(passphrases().passphrase("New passphrase for the identity key", true));
    Optional<Path> archived = Optional.empty();
    try {
      if (force) archived = ks.replacePrimary(key, pass);
      else ks.savePrimary(key, pass);
    } finally {
      pass.ifPresent(p -> Arrays.fill(p, '\0'));
    }
    boolean encrypted = pass.isPresent();
    if (json) {
      var o =
          Json.newObject()
              .put("public", key.publicKey().encoded())
              .put("alg", key.algorithm().wireName())
              .put("encrypted", encrypted)
              .put("file", ks.primaryFile().toString());
      archived.ifPresent(a -> o.put("archived", a.toString()));
      printJson(o);
    } else {
      out().println(key.publicKey().encoded());
    }
    err()
        .println(
            "Saved the "
                + key.algorithm()
                + " identity key to "
                + ks.primaryFile()
                + " (mode 0600"
                + (encrypted ? ", passphrase-protected" : ", not encrypted")
                + ").");
    archived.ifPresent(a -> err().println("The previous key is kept in " + a + "."));
    err().println("Next: kez claim <account>, e.g. kez claim github:<your login>.");
    err()
        .println(
            "(No kez command yet? In the clone, ./kez install puts a launcher in ~/.local/bin.)");
    return ExitCode.OK;
  }
}
