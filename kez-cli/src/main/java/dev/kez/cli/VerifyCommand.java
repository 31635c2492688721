package dev.kez.cli;

import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code kez verify}: checks of proofs. Online checks ({@code verify id}) join as subcommands here.
 */
@Command(
    name = "verify",
    header = "Check proofs.",
    description = {
      "%nkez verify claim checks one proof offline: its form, signature, expiry and account.",
      "kez verify id fetches an account's proof and chain online and draws the whole identity;",
      "kez verify evidence re-checks what verify id --save-evidence kept, offline."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  kez verify claim kez.md --account github:alice",
      "  dig +short TXT _kez.example.com | kez verify claim - --json",
      "  kez verify id github:alice"
    })
public final class VerifyCommand {
  /** Its subcommands, in help's order; {@link Tree} adds only those the command line needs. */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          VerifyClaimCommand.class,
          dev.kez.cli.verify.id.VerifyIdCommand.class,
          dev.kez.cli.verify.id.VerifyEvidenceCommand.class);
}
