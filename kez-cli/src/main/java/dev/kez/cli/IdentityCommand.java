package dev.kez.cli;

import picocli.CommandLine.Command;

/** {@code kez identity}: the primary key in KEZ_HOME. */
@Command(
    name = "identity",
    header = "Create, show, import or export your identity key.",
    description = {
      "%nYour identity is the primary key that signs your claims: a nostr key (secp256k1, npub1…) "
          + "by default, or Ed25519. It lives in KEZ_HOME/identity.json, readable only by you (mode "
          + "0600), optionally encrypted with a passphrase (NIP-49)."
    },
    subcommands = {
      IdentityNewCommand.class,
      IdentityShowCommand.class,
      IdentityImportCommand.class,
      IdentityExportCommand.class,
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  kez identity new                  a new nostr identity",
      "  kez identity new --alg ed25519 --encrypt",
      "  kez identity show --json",
      "  kez identity import -             read an nsec1… from standard input"
    })
public final class IdentityCommand {}
