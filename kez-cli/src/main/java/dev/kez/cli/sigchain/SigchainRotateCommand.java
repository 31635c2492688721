package dev.kez.cli.sigchain;

import dev.kez.cli.ExitCode;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.chain.ChainVerifier;
import dev.kez.core.chain.Link;
import dev.kez.core.chain.Links;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.keystore.KeyStore;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kez sigchain rotate}: a new primary key, cross-signed; the old one is archived. */
@Command(
    name = "rotate",
    header = "Replace your primary key with a new one.",
    description = {
      "%nMakes a new key, appends a rotate link signed by the current key and by the new one, and"
          + " makes the new key your identity. The old key is kept in KEZ_HOME/keys/archive/. Accounts "
          + "added before stay valid; the old key can no longer sign links."
    })
final class SigchainRotateCommand extends SigchainBase {
  @Option(
      names = "--alg",
      paramLabel = "nostr|ed25519",
      description = "The new key's suite (default: the current key's).")
  @Nullable Algorithm alg;

  @Mixin Time time = new Time();

  @Override
  public Integer call() {
    long created = createdAt(time.createdAt);
    ChainStore store = store();
    SecretKey current = primary(store);
    SecretKey next = SecretKey.generate(alg == null ? current.algorithm() : alg);
    Link link = Links.rotate(store.state(), current, next, created);
    ChainVerifier.resume(store.state(), kez().clock())
        .append(link); // refused links change nothing below
    KeyStore ks = keyStore();
    boolean encrypted = ks.primaryInfo().map(i -> i.encrypted()).orElse(false);
    Optional<char[]> pass =
        encrypted
            ? Optional.of(passphrases().passphrase("New passphrase for the new identity key", true))
            : Optional.empty();
    // The new secret is on disk (in the archive) before the chain names it, so a crash between
    // the two steps never leaves a primary key without its secret.
    try {
      ks.archive(next, pass);
      append(store, st -> link);
      ks.replacePrimary(next, pass);
    } finally {
      pass.ifPresent(p -> Arrays.fill(p, '\0'));
    }
    out().println(next.publicKey().encoded());
    err()
        .println(
            "Your new primary key is "
                + next.publicKey()
                + "; the old one ("
                + current.publicKey()
                + ") is archived in "
                + ks.archiveDir()
                + ".");
    return ExitCode.OK;
  }
}
