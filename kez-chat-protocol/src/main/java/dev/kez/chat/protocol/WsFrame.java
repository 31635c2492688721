package dev.kez.chat.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.json.Json;

/**
 * The text frames of {@code /v1/ws/{handle}} (chat.md §6, §8). Server to client: challenge, ready,
 * entry, synced; client to server: auth, sync. Each is one JSON object with a {@code type}; a
 * reader ignores members it does not know.
 */
public sealed interface WsFrame {
  /** Close code: the auth frame did not verify (no entry was sent). */
  int CLOSE_BAD_AUTH = 4401;

  /** Close code: no good auth within {@link #AUTH_TIMEOUT_SECONDS}. */
  int CLOSE_AUTH_TIMEOUT = 4408;

  int AUTH_TIMEOUT_SECONDS = 10;

  /** Frames are small; a log entry is the largest (an envelope and three members). */
  int MAX_FRAME_BYTES = Envelope.MAX_BYTES + 1024;

  record Challenge(String nonce) implements WsFrame {
    public Challenge {
      if (Base64Url.decode(nonce).length != ChatAuth.NONCE_BYTES)
        throw new MalformedException("malformed challenge: the nonce must be 16 bytes");
    }

    public byte[] nonceBytes() {
      return Base64Url.decode(nonce);
    }
  }

  record Auth(AuthHeader header) implements WsFrame {}

  record Ready(long head) implements WsFrame {}

  record Entry(LogEntry entry) implements WsFrame {}

  record Sync(long after) implements WsFrame {}

  record Synced(long head) implements WsFrame {}

  static WsFrame parse(String text) {
    if (text.length() > MAX_FRAME_BYTES)
      throw new ChatLimitException("the frame is larger than " + MAX_FRAME_BYTES + " bytes");
    ObjectNode o = Json.parseObject(text);
    String type = Json.string(o, "type");
    return switch (type) {
      case "challenge" -> new Challenge(Json.string(o, "nonce"));
      case "auth" ->
          new Auth(AuthHeader.parse(Json.integer(o, "ts") + ":" + Json.string(o, "sig")));
      case "ready" -> new Ready(Json.integer(o, "head"));
      case "entry" -> new Entry(LogEntry.parse(o.get("entry")));
      case "sync" -> new Sync(Json.integer(o, "after"));
      case "synced" -> new Synced(Json.integer(o, "head"));
      default ->
          throw new MalformedException(
              "malformed frame: unknown type \""
                  + (type.length() > 40 ? type.substring(0, 40) + "…" : type)
                  + "\"");
    };
  }

  default ObjectNode toJson() {
    ObjectNode o = Json.newObject();
    return switch (this) {
      case Challenge c -> o.put("type", "challenge").put("nonce", c.nonce());
      case Auth a ->
          o.put("type", "auth")
              .put("ts", a.header().ts())
              .put("sig", Base64Url.encode(a.header().sig()));
      case Ready r -> o.put("type", "ready").put("head", r.head());
      case Entry e -> o.put("type", "entry").set("entry", e.entry().toJson());
      case Sync s -> o.put("type", "sync").put("after", s.after());
      case Synced s -> o.put("type", "synced").put("head", s.head());
    };
  }

  /** The frame as sent: one line of JSON. */
  default String text() {
    return Json.write(toJson());
  }
}
