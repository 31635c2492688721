package dev.kez.cli.chat;

import picocli.CommandLine.Command;

/**
 * {@code kez chat}: end-to-end encrypted messages between KEZ identities, through a kez-chat
 * server.
 */
@Command(
    name = "chat",
    header = "Talk to other KEZ identities, end-to-end encrypted, through a kez-chat server.",
    description = {
      "%nA handle (@alice) on a kez-chat server is bound to your identity key. Each device has "
          + "its own X25519 key (KEZ_HOME/chat/device-x25519.json, mode 0600), published as a record "
          + "signed by your identity. Messages are signed by you and sealed (HPKE) to each device of "
          + "the recipient and of yours: the server stores and relays only sealed envelopes. See "
          + "SPEC.md §16 and §17.",
      "%nA refusal by the server (a taken handle, an unknown recipient, a bad signature) exits "
          + "with 1; a server that cannot be reached, or answers 429 or 5xx, with 3."
    },
    subcommands = {
      ChatRegisterCommand.class,
      ChatSendCommand.class,
      ChatReadCommand.class,
      ChatWhoisCommand.class,
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  kez chat register alice --server https://chat.example",
      "  kez chat send bob 'hi bob'",
      "  echo 'hi bob' | kez chat send bob",
      "  kez chat read --follow",
      "  kez chat whois bob"
    })
public final class ChatCommand {}
