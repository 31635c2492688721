package dev.kez.chat.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.json.Json;

/**
 * An entry of a handle's log as the server serves it (chat.md §4): the envelope plus {@code seq}
 * (its place in this log, from 1), {@code from} (the sender) and {@code received_at}. A reader
 * ignores members it does not know (SPEC.md may add some).
 */
public record LogEntry(long seq, Handle from, long receivedAt, Envelope envelope) {
  public LogEntry {
    if (seq < 1) throw new MalformedException("malformed log entry: \"seq\" starts at 1");
  }

  public static LogEntry parse(JsonNode node) {
    ObjectNode o = Envelope.object(node, "log entry");
    String from = Json.string(o, "from");
    Handle handle = Handle.parse(from);
    if (!handle.value().equals(from))
      throw new MalformedException("malformed log entry: \"from\" must be lowercase");
    return new LogEntry(
        Json.integer(o, "seq"), handle, Json.integer(o, "received_at"), Envelope.fromMembers(o));
  }

  public ObjectNode toJson() {
    return envelope
        .toJson()
        .put("seq", seq)
        .put("from", from.value())
        .put("received_at", receivedAt);
  }
}
