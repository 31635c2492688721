package dev.kez.channels.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.channels.Evidence;
import dev.kez.channels.graph.GraphJson;
import dev.kez.channels.identity.IdentityGraph;
import dev.kez.channels.identity.IdentityGraph.AccountNode;
import dev.kez.channels.identity.IdentityGraph.ChainSource;
import dev.kez.core.MalformedException;
import dev.kez.core.Protocol;
import dev.kez.core.claim.Claim;
import dev.kez.core.io.AtomicFiles;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --save-evidence DIR}: everything a verification rested on, kept so it can be judged again
 * offline after the platforms change. Layout:
 *
 * <ul>
 *   <li>{@code result.json} — the {@code --json} result as printed;
 *   <li>{@code evidence.json} — index: each response ({@code file}, {@code url}, {@code
 *       fetched_at}, {@code status}, {@code content_type}, {@code sha256}, and the {@code account}
 *       or {@code chain_source} it served), each account's lookup outcome with the claims found,
 *       and each chain source with its saved JSONL file;
 *   <li>{@code responses/NNNN.body} — raw response bodies, byte for byte;
 *   <li>{@code chain/NN.jsonl} — each chain source's links as received.
 * </ul>
 *
 * Files are written to a temporary name, synced, then moved into place.
 */
public final class EvidenceStore {
  public static final String INDEX = "evidence.json";
  public static final String RESULT = "result.json";

  private EvidenceStore() {}

  public static void save(Path dir, IdentityGraph g) throws IOException {
    Files.createDirectories(dir.resolve("responses"));
    Files.createDirectories(dir.resolve("chain"));
    if (Files.exists(dir.resolve(INDEX)))
      throw new MalformedException(dir + " already holds evidence; choose an empty directory");
    ObjectNode index =
        Json.newObject()
            .put("kez", Protocol.VERSION)
            .put("type", "evidence")
            .put("account", g.subject().toString())
            .put("checked_at", g.checkedAt().getEpochSecond());
    ArrayNode responses = index.putArray("responses");
    ArrayNode accounts = index.putArray("accounts");
    ArrayNode chains = index.putArray("chain_sources");
    int[] n = {0};
    for (AccountNode a : g.accounts()) {
      ObjectNode an =
          accounts.addObject().put("account", a.account().toString()).put("asked", a.asked());
      if (a.claims().isEmpty()) {
        an.put("lookup", "failed")
            .put("status", a.verdict().status().wireName())
            .put("reason", a.verdict().reason());
        if (a.verdict() instanceof dev.kez.core.status.Verdict.Unreachable u)
          an.put("retryable", u.retryable());
      } else {
        an.put("lookup", "found").put("location", a.location());
        ArrayNode cs = an.putArray("claims");
        for (Claim c : a.claims()) cs.add(c.toJson());
      }
      for (Evidence e : a.evidence())
        responses.add(response(dir, e, n, "account", a.account().toString()));
    }
    if (g.chain() != null) {
      for (int i = 0; i < g.chain().sources().size(); i++) {
        ChainSource s = g.chain().sources().get(i);
        ObjectNode cn = chains.addObject().put("origin", s.origin());
        if (s.jsonl() != null) {
          String file = String.format("chain/%02d.jsonl", i);
          write(dir.resolve(file), s.jsonl().getBytes(StandardCharsets.UTF_8));
          cn.put("file", file).put("status", "ok");
        } else {
          cn.putNull("file")
              .put("status", s.failure().status().wireName())
              .put("reason", s.failure().reason());
        }
        for (Evidence e : s.evidence())
          responses.add(response(dir, e, n, "chain_source", s.origin()));
      }
    }
    write(
        dir.resolve(RESULT),
        (Json.writePretty(GraphJson.of(g)) + "\n").getBytes(StandardCharsets.UTF_8));
    write(dir.resolve(INDEX), (Json.writePretty(index) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode response(Path dir, Evidence e, int[] n, String kind, String owner)
      throws IOException {
    String file = String.format("responses/%04d.body", ++n[0]);
    write(dir.resolve(file), e.body());
    return Json.newObject()
        .put("file", file)
        .put(kind, owner)
        .put("url", e.url())
        .put("fetched_at", e.fetchedAt().toString())
        .put("status", e.status())
        .put("content_type", e.contentType())
        .put("sha256", e.sha256());
  }

  static void write(Path target, byte[] bytes) throws IOException {
    AtomicFiles.write(target, bytes);
  }

  /** Reads the index; a missing or damaged one is a one-line error. */
  public static ObjectNode index(Path dir) {
    try {
      return Json.parseObject(Files.readString(dir.resolve(INDEX), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MalformedException("no evidence in " + dir + ": cannot read " + INDEX);
    }
  }

  static List<JsonNode> list(JsonNode n) {
    List<JsonNode> out = new java.util.ArrayList<>();
    n.forEach(out::add);
    return out;
  }
}
