package dev.kez.cli;

import picocli.CommandLine.Command;

/** {@code kez verify}: checks of proofs. Online checks ({@code verify id}) join as subcommands here. */
@Command(name = "verify",
    header = "Check proofs.",
    description = {"%nkez verify claim checks one proof offline: its form, signature, expiry and account.",
        "kez verify id fetches an account's proof and chain online and draws the whole identity;",
        "kez verify evidence re-checks what verify id --save-evidence kept, offline."},
    subcommands = {
        VerifyClaimCommand.class,
        dev.kez.cli.verify.id.VerifyIdCommand.class,
        dev.kez.cli.verify.id.VerifyEvidenceCommand.class,
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  kez verify claim kez.md --account github:alice",
        "  dig +short TXT _kez.example.com | kez verify claim - --json",
        "  kez verify id github:alice"})
public final class VerifyCommand {}
