package dev.kez.channels.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.channels.identity.IdentityGraph;
import dev.kez.channels.identity.IdentityGraph.AccountNode;
import dev.kez.channels.identity.IdentityGraph.ChainSource;
import dev.kez.channels.identity.IdentityGraph.KeyNode;
import dev.kez.core.Protocol;
import dev.kez.core.json.Json;
import dev.kez.core.status.Verdict;

/**
 * The stable {@code --json} form of an identity graph (documented in SPEC.md/README):
 *
 * <pre>
 * {"kez":"0.2","type":"identity","account":A,"status":S,"reason":R,"checked_at":UNIX,
 *  "chain":{"id":KEY|null,"status":S,"reason":R,"length":N,"head":H|null,
 *           "sources":[{"origin":O,"status":"ok"|S,"reason":R|null}]},
 *  "keys":[{"key":KEY,"role":"primary"|"former_primary"|"device"|"revoked_device"|"claim_key",
 *           "name":N|null,"rotated_to":KEY|null}],
 *  "accounts":[{"account":A,"status":S,"reason":R,"retryable":B|null,"key":KEY|null,
 *               "location":L|null,"asked":B}]}
 * </pre>
 *
 * Every member is always present; {@code retryable} is a boolean for {@code unreachable} only.
 */
public final class GraphJson {
  private GraphJson() {}

  public static ObjectNode of(IdentityGraph g) {
    ObjectNode o = Json.newObject();
    o.put("kez", Protocol.VERSION).put("type", "identity").put("account", g.subject().toString());
    o.put("status", g.verdict().status().wireName()).put("reason", g.verdict().reason());
    o.put("checked_at", g.checkedAt().getEpochSecond());
    if (g.chain() == null) {
      o.putNull("chain");
    } else {
      ObjectNode c = o.putObject("chain");
      c.put("id", g.chain().id())
          .put("status", g.chain().verdict().status().wireName())
          .put("reason", g.chain().verdict().reason());
      c.put("length", g.chain().length()).put("head", g.chain().head());
      ArrayNode src = c.putArray("sources");
      for (ChainSource s : g.chain().sources()) {
        src.addObject()
            .put("origin", s.origin())
            .put("status", s.failure() == null ? "ok" : s.failure().status().wireName())
            .put("reason", s.failure() == null ? null : s.failure().reason());
      }
    }
    ArrayNode keys = o.putArray("keys");
    for (KeyNode k : g.keys()) {
      keys.addObject()
          .put("key", k.key())
          .put("role", k.role().wireName())
          .put("name", k.name())
          .put("rotated_to", k.rotatedTo());
    }
    ArrayNode accounts = o.putArray("accounts");
    for (AccountNode a : g.accounts()) {
      ObjectNode n = accounts.addObject();
      n.put("account", a.account().toString())
          .put("status", a.verdict().status().wireName())
          .put("reason", a.verdict().reason());
      if (a.verdict() instanceof Verdict.Unreachable u) n.put("retryable", u.retryable());
      else n.putNull("retryable");
      n.put("key", a.key()).put("location", a.location()).put("asked", a.asked());
    }
    return o;
  }
}
