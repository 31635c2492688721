package dev.kez.channels.graph;

import dev.kez.channels.identity.IdentityGraph;
import dev.kez.channels.identity.IdentityGraph.AccountNode;
import dev.kez.channels.identity.IdentityGraph.KeyNode;
import dev.kez.channels.identity.IdentityGraph.Role;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained SVG of the identity, drawn without Graphviz: the keys stacked in the
 * centre, the accounts on a circle around them coloured by status (the asked-for one with a
 * heavy border), a line from each account to the key that signed its claim, and a legend.
 */
public final class GraphSvg {
  private static final int KEY_W = 220, KEY_H = 40, ACC_W = 210, ACC_H = 44;

  private GraphSvg() {}

  public static String render(IdentityGraph g) {
    int n = Math.max(1, g.accounts().size());
    int keysH = g.keys().size() * (KEY_H + 14);
    double r = Math.max(Math.max(230, keysH / 2.0 + 90), n * (ACC_H + 20) / (2 * Math.PI) + 120);
    int w = (int) (2 * r + ACC_W + 60), h = (int) (2 * r + ACC_H + 110);
    double cx = w / 2.0, cy = 60 + r + ACC_H / 2.0;
    Map<String, double[]> at = new HashMap<>();
    for (int i = 0; i < g.keys().size(); i++) {
      at.put(g.keys().get(i).key(), new double[] {cx, cy - keysH / 2.0 + i * (KEY_H + 14) + KEY_H / 2.0});
    }
    for (int i = 0; i < g.accounts().size(); i++) {
      double a = -Math.PI / 2 + 2 * Math.PI * i / n;
      at.put("a:" + g.accounts().get(i).account(), new double[] {cx + r * Math.cos(a), cy + r * Math.sin(a)});
    }
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\">%n", w, h, w, h));
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"#fafafa\"/>\n");
    b.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"32\" font-size=\"18\" font-weight=\"bold\" fill=\"#263238\">%s: %s</text>%n",
        esc(g.subject().toString()), esc(g.verdict().status().wireName())));
    b.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"52\" font-size=\"12\" fill=\"#546e7a\">%s</text>%n", esc(clip(g.verdict().reason(), 110))));
    Map<String, String> ids = GraphDiagram.ids(g);
    Map<String, String> back = new HashMap<>();
    ids.forEach((k, v) -> back.put(v, k));
    GraphDiagram.edges(g, ids, (from, to, label) -> {
      double[] p = at.get(back.get(from)), q = at.get(back.get(to));
      b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#90a4ae\" stroke-width=\"1.5\"%s><title>%s</title></line>%n",
          p[0], p[1], q[0], q[1], label.startsWith("revoked") ? " stroke-dasharray=\"5,4\"" : "", esc(label)));
    });
    for (KeyNode k : g.keys()) {
      double[] p = at.get(k.key());
      String fill = k.role() == Role.REVOKED_DEVICE ? "#eeeeee" : k.role() == Role.PRIMARY ? "#bbdefb" : "#e3f2fd";
      box(b, p, KEY_W, KEY_H, fill, "#1565c0", 1.2, Style.role(k), Style.shortKey(k.key()), k.key());
    }
    for (AccountNode a : g.accounts()) {
      var s = a.verdict().status();
      box(b, at.get("a:" + a.account()), ACC_W, ACC_H, Style.fill(s), Style.stroke(s), a.asked() ? 3 : 1.2,
          clip(a.account().toString(), 30), s.wireName(), a.verdict().reason());
    }
    int x = 20;
    for (var s : dev.kez.core.status.Status.values()) {
      b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" rx=\"3\" fill=\"%s\" stroke=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#455a64\">%s</text>%n",
          x, h - 26, Style.fill(s), Style.stroke(s), x + 16, h - 16, s.wireName()));
      x += 30 + s.wireName().length() * 7;
    }
    return b.append("</svg>\n").toString();
  }

  private static void box(StringBuilder b, double[] c, int w, int h, String fill, String stroke, double width,
      String line1, String line2, String title) {
    b.append(String.format(Locale.ROOT, "<g><title>%s</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" rx=\"10\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%.1f\"/>"
            + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#263238\">%s</text>"
            + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" fill=\"#455a64\">%s</text></g>%n",
        esc(title), c[0] - w / 2.0, c[1] - h / 2.0, w, h, fill, stroke, width,
        c[0], c[1] - 3, esc(line1), c[0], c[1] + 13, esc(line2)));
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> {
          if (ch >= 0x20 || ch == '\t' || ch == '\n') b.append(ch); // XML 1.0 forbids other controls
        }
      }
    }
    return b.toString();
  }
}
