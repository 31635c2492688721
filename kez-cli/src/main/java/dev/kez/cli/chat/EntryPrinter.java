package dev.kez.cli.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.chat.protocol.DeviceKey;
import dev.kez.chat.protocol.Handle;
import dev.kez.chat.protocol.HandleInfo;
import dev.kez.chat.protocol.LogEntry;
import dev.kez.chat.protocol.Opened;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.json.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Opens log entries with this device's key (chat.md §4: own copy, the sender handle's key, inner
 * from/to/id) and prints each as one message or as undecryptable, never both. Sender keys are
 * looked up once per handle. Text from others is printed with every control and bidi-format
 * character escaped, so a message cannot drive the terminal.
 */
final class EntryPrinter {
  private final ChatClient client;
  private final DeviceKey device;
  private final PrintWriter out;
  private final boolean json;
  private final Map<Handle, Optional<PublicKey>> senderKeys = new HashMap<>();
  private long last;
  private long printed;

  EntryPrinter(ChatClient client, DeviceKey device, PrintWriter out, boolean json, long after) {
    this.client = client;
    this.device = device;
    this.out = out;
    this.json = json;
    this.last = after;
  }

  /** The newest seq printed (or the starting point). */
  long last() {
    return last;
  }

  long printed() {
    return printed;
  }

  /** Prints an entry unless it was printed already (live entries and a sync may overlap). */
  void print(LogEntry entry) {
    if (entry.seq() <= last) return;
    // the look-up may fail (server unreachable): then the entry stays unprinted, to be tried again
    Optional<PublicKey> senderKey = senderKeys.get(entry.from());
    if (senderKey == null) {
      senderKey = client.handle(entry.from()).map(HandleInfo::key);
      senderKeys.put(entry.from(), senderKey);
    }
    Opened opened = device.open(entry, senderKey);
    last = entry.seq();
    printed++;
    out.println(json ? Json.write(toJson(opened)) : line(opened));
    out.flush();
  }

  static String line(Opened opened) {
    LogEntry e = opened.entry();
    String head = "#" + e.seq() + " ";
    return switch (opened) {
      case Opened.Message m ->
          head
              + Instant.ofEpochSecond(m.message().sentAt())
              + " @"
              + e.from()
              + " → @"
              + e.envelope().to()
              + ": "
              + m.message()
                  .text()
                  .map(EntryPrinter::printable)
                  .orElse(
                      "[a message of type \""
                          + printable(m.message().body().path("type").asText())
                          + "\" this client cannot show]");
      case Opened.Undecryptable u ->
          head
              + Instant.ofEpochSecond(e.receivedAt())
              + " @"
              + e.from()
              + " → @"
              + e.envelope().to()
              + ": [undecryptable: "
              + u.reason().text()
              + "]";
    };
  }

  static ObjectNode toJson(Opened opened) {
    LogEntry e = opened.entry();
    ObjectNode o =
        Json.newObject()
            .put("seq", e.seq())
            .put("from", e.from().value())
            .put("to", e.envelope().to().value())
            .put("id", e.envelope().id())
            .put("received_at", e.receivedAt());
    return switch (opened) {
      case Opened.Message m -> {
        o.put("status", "message").put("sent_at", m.message().sentAt());
        o.set("body", m.message().body());
        yield o;
      }
      case Opened.Undecryptable u ->
          o.put("status", "undecryptable")
              .put("reason", u.reason().name().toLowerCase(java.util.Locale.ROOT))
              .put("detail", u.reason().text());
    };
  }

  /**
   * Escapes controls, line and paragraph separators and format characters (bidi overrides); indents
   * further lines.
   */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints()
        .forEach(cp -> {
          int type = Character.getType(cp);
          if (cp == '\n') sb.append("\n    ");
          else if (cp == '\t') sb.append("    ");
          else if (type == Character.CONTROL
              || type == Character.FORMAT
              || type == Character.LINE_SEPARATOR
              || type == Character.PARAGRAPH_SEPARATOR
              || type == Character.SURROGATE
              || type == Character.PRIVATE_USE) {
            sb.append(String.format("\\u%04x", cp));
          } else sb.appendCodePoint(cp);
        });
    return sb.toString();
  }
}
