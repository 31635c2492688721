package dev.kez.channels.graph;

import dev.kez.channels.identity.IdentityGraph;
import dev.kez.channels.identity.IdentityGraph.AccountNode;
import dev.kez.channels.identity.IdentityGraph.KeyNode;
import dev.kez.channels.identity.IdentityGraph.Role;
import java.util.HashMap;
import java.util.Map;

/**
 * Graphviz DOT and Mermaid text of an identity: keys (boxes) with rotation and device edges,
 * accounts (rounded, coloured by status) with an edge from the key that signed their claim.
 */
public final class GraphDiagram {
  private GraphDiagram() {}

  public static String dot(IdentityGraph g) {
    StringBuilder b =
        new StringBuilder(
            "digraph kez {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9, color=\"#607d8b\"];\n");
    Map<String, String> ids = ids(g);
    for (KeyNode k : g.keys()) {
      b.append("  ")
          .append(ids.get(k.key()))
          .append(" [shape=box, style=\"rounded,filled\", fillcolor=\"")
          .append(k.role() == Role.REVOKED_DEVICE ? "#eeeeee" : "#e3f2fd")
          .append("\", label=\"")
          .append(dotEsc(Style.role(k) + "\n" + Style.shortKey(k.key())))
          .append("\"];\n");
    }
    for (AccountNode a : g.accounts()) {
      var s = a.verdict().status();
      b.append("  ")
          .append(ids.get("a:" + a.account()))
          .append(" [shape=box, style=\"rounded,filled\"")
          .append(a.asked() ? ", penwidth=2.5" : "")
          .append(", color=\"")
          .append(Style.stroke(s))
          .append("\", fillcolor=\"")
          .append(Style.fill(s))
          .append("\", label=\"")
          .append(dotEsc(a.account() + "\n" + s.wireName()))
          .append("\", tooltip=\"")
          .append(dotEsc(a.verdict().reason()))
          .append("\"];\n");
    }
    edges(
        g,
        ids,
        (from, to, label) ->
            b.append("  ")
                .append(from)
                .append(" -> ")
                .append(to)
                .append(" [label=\"")
                .append(label)
                .append("\"];\n"));
    return b.append("}\n").toString();
  }

  public static String mermaid(IdentityGraph g) {
    StringBuilder b = new StringBuilder("graph LR\n");
    Map<String, String> ids = ids(g);
    for (KeyNode k : g.keys()) {
      b.append("  ")
          .append(ids.get(k.key()))
          .append("[\"")
          .append(mmEsc(Style.role(k)))
          .append("<br/>")
          .append(mmEsc(Style.shortKey(k.key())))
          .append("\"]\n");
    }
    for (AccountNode a : g.accounts()) {
      b.append("  ")
          .append(ids.get("a:" + a.account()))
          .append("([\"")
          .append(mmEsc(a.account().toString()))
          .append(a.asked() ? " ★" : "")
          .append("<br/>")
          .append(a.verdict().status().wireName())
          .append("\"])\n");
    }
    edges(
        g,
        ids,
        (from, to, label) ->
            b.append("  ")
                .append(from)
                .append(" -- ")
                .append(label)
                .append(" --> ")
                .append(to)
                .append('\n'));
    for (var s : dev.kez.core.status.Status.values()) {
      b.append("  classDef ")
          .append(s.wireName())
          .append(" fill:")
          .append(Style.fill(s))
          .append(",stroke:")
          .append(Style.stroke(s))
          .append('\n');
    }
    for (AccountNode a : g.accounts()) {
      b.append("  class ")
          .append(ids.get("a:" + a.account()))
          .append(' ')
          .append(a.verdict().status().wireName())
          .append('\n');
    }
    return b.toString();
  }

  interface EdgeSink {
    void edge(String from, String to, String label);
  }

  /** Rotation (old → new primary), devices (primary → device), claims (signing key → account). */
  static void edges(IdentityGraph g, Map<String, String> ids, EdgeSink sink) {
    String primary =
        g.keys().stream()
            .filter(k -> k.role() == Role.PRIMARY)
            .map(KeyNode::key)
            .findFirst()
            .orElse(null);
    for (KeyNode k : g.keys()) {
      if (k.rotatedTo() != null && ids.containsKey(k.rotatedTo()))
        sink.edge(ids.get(k.key()), ids.get(k.rotatedTo()), "rotated to");
      if ((k.role() == Role.DEVICE || k.role() == Role.REVOKED_DEVICE) && primary != null) {
        sink.edge(
            ids.get(primary),
            ids.get(k.key()),
            k.role() == Role.DEVICE ? "device" : "revoked device");
      }
    }
    for (AccountNode a : g.accounts()) {
      if (a.key() != null && ids.containsKey(a.key()))
        sink.edge(ids.get(a.key()), ids.get("a:" + a.account()), "claims");
    }
  }

  /** Short stable node ids: k0, k1… for keys, a0, a1… for accounts. */
  static Map<String, String> ids(IdentityGraph g) {
    Map<String, String> ids = new HashMap<>();
    for (int i = 0; i < g.keys().size(); i++) ids.put(g.keys().get(i).key(), "k" + i);
    for (int i = 0; i < g.accounts().size(); i++)
      ids.put("a:" + g.accounts().get(i).account(), "a" + i);
    return ids;
  }

  private static String dotEsc(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String mmEsc(String s) {
    return s.replace("&", "#amp;")
        .replace("\"", "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;");
  }
}
