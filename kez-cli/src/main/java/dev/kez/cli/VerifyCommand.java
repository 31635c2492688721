package dev.kez.cli;

import picocli.CommandLine.Command;

/** {@code kez verify}: checks of proofs. Online checks ({@code verify id}) join as subcommands here. */
@Command(name = "verify",
    header = "Check proofs.",
    description = {"%nkez verify claim checks one proof offline: its form, signature, expiry and account."},
    subcommands = {
        VerifyClaimCommand.class,
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  kez verify claim kez.md --account github:alice",
        "  dig +short TXT _kez.example.com | kez verify claim - --json"})
public final class VerifyCommand {}
