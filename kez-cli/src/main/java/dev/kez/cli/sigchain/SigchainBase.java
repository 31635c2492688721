package dev.kez.cli.sigchain;

import dev.kez.cli.Failure;
import dev.kez.cli.KezCommand;
import dev.kez.core.chain.ChainException;
import dev.kez.core.chain.ChainStore;
import dev.kez.core.chain.Link;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.SecretKey;
import java.nio.file.Path;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * What the sigchain commands share: the local chain in KEZ_HOME and the signing keys. A damaged
 * local chain is a {@link Failure#local}; a link the chain refuses stays a {@link ChainException}
 * (both mapped in {@link dev.kez.cli.ExitCode#of(Throwable)}).
 */
abstract class SigchainBase extends KezCommand {
  static final String FILE = "sigchain.jsonl";

  Path chainFile() {
    return kez().homeDir().resolve(FILE);
  }

  ChainStore store() {
    return ChainFiles.openLocal(chainFile(), kez().clock());
  }

  /** The identity key, which must be the chain's primary key (any key starts an empty chain). */
  SecretKey primary(ChainStore store) {
    SecretKey key = keyStore().primary(passphrases());
    PublicKey expected = store.state().primaryKey();
    if (expected != null && !expected.equals(key.publicKey())) {
      throw Failure.local(
          "your identity key "
              + key.publicKey()
              + " is not the sigchain's primary key "
              + expected
              + " (was the identity replaced without 'kez sigchain rotate'?)");
    }
    return key;
  }

  /** This machine's device key, which must be an active device of the chain. */
  SecretKey device(ChainStore store) {
    SecretKey key =
        keyStore()
            .device(passphrases())
            .orElseThrow(() ->
                Failure.local(
                    "this machine has no device key (kez sigchain add-device makes one)"));
    if (!store.state().activeDevices().contains(key.publicKey())) {
      throw Failure.local(
          "this machine's device key "
              + key.publicKey()
              + " is not an active device of the sigchain");
    }
    return key;
  }

  /**
   * The key that signs {@code add} and {@code revoke} links here (SPEC §6.3: the primary or an
   * active device): this machine's device key when asked, or when this machine holds a device key
   * and no primary key; else the primary.
   */
  SecretKey addSigner(ChainStore store, DeviceOption option) {
    boolean deviceOnly = keyStore().primaryInfo().isEmpty() && keyStore().deviceInfo().isPresent();
    return option.device || deviceOnly ? device(store) : primary(store);
  }

  long createdAt(@Nullable Long option) {
    return option != null ? option : kez().clock().instant().getEpochSecond();
  }

  /** Makes the link from the current state and appends it; reports it on standard error. */
  Link append(ChainStore store, Function<dev.kez.core.chain.ChainState, Link> maker) {
    Link link = store.append(maker);
    err()
        .println(
            "Sigchain link " + link.seq() + " (" + link.op() + ") written to " + chainFile() + ".");
    return link;
  }

  /** The --device option of the commands that add or revoke accounts. */
  static final class DeviceOption {
    @Option(
        names = "--device",
        description =
            "Sign with this machine's device key (an active device of your sigchain) instead of"
                + " the primary key; the default when this machine holds no primary key.")
    boolean device;
  }

  /** The --created-at option every writing command takes. */
  static final class Time {
    @Option(
        names = "--created-at",
        paramLabel = "UNIX",
        description = "The link's time (unix seconds; default: now).")
    @Nullable Long createdAt;
  }
}
