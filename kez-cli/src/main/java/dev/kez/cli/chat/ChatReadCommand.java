package dev.kez.cli.chat;

import dev.kez.chat.protocol.DeviceKey;
import dev.kez.chat.protocol.LogEntry;
import dev.kez.chat.protocol.Page;
import dev.kez.cli.ExitCode;
import dev.kez.core.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kez chat read [--follow]}: your log, decrypted and verified. */
@Command(
    name = "read",
    header = "Read your messages (and, with --follow, wait for new ones).",
    description = {
      "%nFetches your log after --after (default: from the start), opens the copy sealed to "
          + "this device, checks the sender's signature under the key the sender's handle is bound to "
          + "and that the message matches its envelope, and prints it. Anything else is printed as "
          + "undecryptable, with the reason, never as a message.",
      "%nWith --follow it then stays connected (WebSocket) and prints entries as they arrive, "
          + "reconnecting after a lost connection, until interrupted or --count entries were printed."
    })
public final class ChatReadCommand extends ChatBase {
  @Option(
      names = "--after",
      paramLabel = "SEQ",
      description = "Only entries after this seq (default: 0, the whole log).")
  long after;

  @Option(names = "--follow", description = "Keep waiting for new entries.")
  boolean follow;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "With --follow: exit after N entries were printed.")
  @Nullable Long count;

  @Option(
      names = "--json",
      description = "One JSON object per entry (status message or undecryptable).")
  boolean json;

  @Override
  int run() {
    if (after < 0) throw usage("--after is a seq, 0 or more");
    if (count != null && (!follow || count < 1))
      throw usage("--count goes with --follow and is at least 1");
    ChatConfig me = config();
    SecretKey key = identity();
    DeviceKey device = device();
    own(me.handle(), key);
    EntryPrinter printer = new EntryPrinter(client(), device, out(), json, after);
    if (follow)
      return new Follow(
              client(), me.handle(), key, printer, count == null ? Long.MAX_VALUE : count, err())
          .run();
    while (true) {
      long before = printer.last();
      Page page = client().page(me.handle(), before, Page.DEFAULT_LIMIT, key);
      for (LogEntry e : page.entries()) printer.print(e);
      // done at the head, and on a page that brings nothing new (a server must not make us loop)
      if (printer.last() >= page.head() || printer.last() == before) return ExitCode.OK;
    }
  }
}
