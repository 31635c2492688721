package dev.kez.cli;

import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.keystore.EncryptedSecret;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kez identity import}. */
@Command(
    name = "import",
    header = "Use an existing secret key as your identity.",
    description = {
      "%nAccepts a nostr secret as nsec1… or 64 hex characters, an Ed25519 seed as 64 hex "
          + "characters with --alg ed25519, or a passphrase-encrypted key (ncryptsec1…, edcryptsec1…), "
          + "which is kept encrypted under the same passphrase. Give - to read the key from standard "
          + "input, which keeps it out of your shell history and the process list."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  kez identity import -  < my-nsec.txt",
      "  kez identity import --alg ed25519 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
      "  kez identity import --encrypt --force nsec1…"
    })
public final class IdentityImportCommand extends IdentityWriting {
  @Parameters(
      paramLabel = "SECRET",
      description = "nsec1…, 64 hex characters, ncryptsec1…/edcryptsec1…, or - for standard input.")
  String secret;

  @Option(
      names = "--alg",
      paramLabel = "nostr|ed25519",
      description = "What 64 hex characters are: nostr (the default) or an ed25519 seed.")
  @Nullable Algorithm alg;

  @Override
  public Integer call() {
    String text = ("-".equals(secret) ? readInput("-") : secret).strip();
    Algorithm requested = alg;
    if (text.startsWith("nsec1")) {
      if (requested == Algorithm.ED25519)
        throw usage("an nsec1… key is a nostr key; drop --alg ed25519");
      return save(SecretKey.fromNsec(text), Optional.empty());
    }
    for (Algorithm a : Algorithm.values()) {
      if (text.startsWith(EncryptedSecret.prefix(a) + "1")) {
        if (requested != null && requested != a)
          throw usage("an " + EncryptedSecret.prefix(a) + "1… key is a " + a + " key");
        char[] pass = passphrases().passphrase("Passphrase of the encrypted key", false);
        return save(EncryptedSecret.decrypt(a, text, pass), Optional.of(pass));
      }
    }
    if (text.matches("[0-9a-fA-F]{64}")) {
      return save(
          SecretKey.fromSecret(
              requested == null ? Algorithm.NOSTR : requested, HexFormat.of().parseHex(text)),
          Optional.empty());
    }
    // never echo the input: it may be a mistyped secret
    throw new MalformedException(
        "not a secret key: expected nsec1…, 64 hex characters, ncryptsec1… or edcryptsec1…");
  }
}
