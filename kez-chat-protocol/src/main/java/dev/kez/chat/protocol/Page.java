package dev.kez.chat.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a log (chat.md §5, §8): {@code {"entries":[…],"head":SEQ}}, entries in seq order
 * after the requested seq; {@code head} is the log's newest seq, 0 when it is empty.
 */
public record Page(List<LogEntry> entries, long head) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public Page {
    entries = List.copyOf(entries);
    long prev = 0;
    for (LogEntry e : entries) {
      if (e.seq() <= prev)
        throw new MalformedException("malformed page: entries are not in increasing seq order");
      prev = e.seq();
    }
    if (prev > head)
      throw new MalformedException("malformed page: an entry is newer than the head");
  }

  public static Page parse(JsonNode node) {
    ObjectNode o = Envelope.object(node, "page");
    JsonNode arr = o.get("entries");
    if (arr == null || !arr.isArray())
      throw new MalformedException("malformed page: \"entries\" must be an array");
    List<LogEntry> entries = new ArrayList<>(arr.size());
    for (JsonNode e : arr) entries.add(LogEntry.parse(e));
    return new Page(entries, Json.integer(o, "head"));
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.newObject();
    ArrayNode arr = o.putArray("entries");
    for (LogEntry e : entries) arr.add(e.toJson());
    return o.put("head", head);
  }
}
