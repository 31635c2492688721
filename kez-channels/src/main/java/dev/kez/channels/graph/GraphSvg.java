package dev.kez.channels.graph;

import dev.kez.channels.identity.IdentityGraph;
import dev.kez.channels.identity.IdentityGraph.AccountNode;
import dev.kez.channels.identity.IdentityGraph.KeyNode;
import dev.kez.channels.identity.IdentityGraph.Role;
import dev.kez.core.status.Status;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained SVG of the identity, drawn without Graphviz in two columns: keys on the left
 * (rotations and devices as arcs between them), accounts on the right coloured by status (the
 * asked-for one with a heavy border), a curve from each account to the key that signed its claim, a
 * legend below. Hovering a node shows its full key or reason.
 */
public final class GraphSvg {
  private static final int KEY_W = 230, KEY_H = 42, ACC_W = 260, ACC_H = 42, ROW = 62;
  private static final int KEY_X = 110, ACC_X = 510, TOP = 80;

  private GraphSvg() {}

  public static String render(IdentityGraph g) {
    int rows = Math.max(Math.max(g.keys().size(), g.accounts().size()), 1);
    int w = ACC_X + ACC_W + 40, h = TOP + rows * ROW + 60;
    Map<String, double[]> at = new HashMap<>(); // centre of each node
    double keyTop = TOP + (rows - g.keys().size()) * ROW / 2.0;
    for (int i = 0; i < g.keys().size(); i++)
      at.put(
          g.keys().get(i).key(),
          new double[] {KEY_X + KEY_W / 2.0, keyTop + i * ROW + KEY_H / 2.0});
    double accTop = TOP + (rows - g.accounts().size()) * ROW / 2.0;
    for (int i = 0; i < g.accounts().size(); i++) {
      at.put(
          "a:" + g.accounts().get(i).account(),
          new double[] {ACC_X + ACC_W / 2.0, accTop + i * ROW + ACC_H / 2.0});
    }
    StringBuilder b = new StringBuilder();
    b.append(
        f(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\">%n",
            w, h, w, h));
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"#fafafa\"/>\n");
    Status top = g.verdict().status();
    b.append(
        f(
            "<text x=\"20\" y=\"32\" font-size=\"18\" font-weight=\"bold\" fill=\"%s\">%s: %s</text>%n",
            Style.stroke(top), esc(g.subject().toString()), esc(top.wireName())));
    b.append(
        f(
            "<text x=\"20\" y=\"52\" font-size=\"12\" fill=\"#546e7a\">%s</text>%n",
            esc(clip(g.verdict().reason(), 120))));
    if (g.chain() != null && g.chain().id() != null) {
      b.append(
          f(
              "<text x=\"20\" y=\"70\" font-size=\"11\" fill=\"#78909c\">chain %s: %s, %d links</text>%n",
              esc(Style.shortKey(g.chain().id())),
              esc(g.chain().verdict().status().wireName()),
              g.chain().length()));
    }
    Map<String, String> ids = GraphDiagram.ids(g);
    Map<String, String> back = new HashMap<>();
    ids.forEach((k, v) -> back.put(v, k));
    Map<String, Status> accountStatus = new HashMap<>();
    for (AccountNode a : g.accounts()) accountStatus.put("a:" + a.account(), a.verdict().status());
    GraphDiagram.edges(
        g,
        ids,
        (from, to, label) -> {
          double[] p = at.get(back.get(from)), q = at.get(back.get(to));
          Status s = accountStatus.get(back.get(to));
          if (s != null) { // key → account: a curve across the gap
            double x1 = p[0] + KEY_W / 2.0, x2 = q[0] - ACC_W / 2.0, mid = (x1 + x2) / 2;
            b.append(
                f(
                    "<path d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\"%s><title>%s</title></path>%n",
                    x1,
                    p[1],
                    mid,
                    p[1],
                    mid,
                    q[1],
                    x2,
                    q[1],
                    Style.stroke(s),
                    s == Status.VALID ? "" : " stroke-dasharray=\"5,4\"",
                    esc(label)));
          } else { // key → key: an arc on the left of the key column, labelled
            double x = p[0] - KEY_W / 2.0, bend = 40 + Math.abs(q[1] - p[1]) / 6;
            b.append(
                f(
                    "<path d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"1.4\"%s marker-end=\"url(#arrow)\"/>%n",
                    x,
                    p[1],
                    x - bend,
                    p[1],
                    x - bend,
                    q[1],
                    x,
                    q[1],
                    label.startsWith("revoked") ? " stroke-dasharray=\"5,4\"" : ""));
            b.append(
                f(
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" fill=\"#1565c0\" text-anchor=\"end\">%s</text>%n",
                    x - bend * 0.75 - 2, (p[1] + q[1]) / 2 + 3, esc(label)));
          }
        });
    b.append(
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\">"
            + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#1565c0\"/></marker></defs>\n");
    for (KeyNode k : g.keys()) {
      String fill =
          k.role() == Role.REVOKED_DEVICE
              ? "#eeeeee"
              : k.role() == Role.PRIMARY ? "#bbdefb" : "#e3f2fd";
      box(
          b,
          at.get(k.key()),
          KEY_W,
          KEY_H,
          fill,
          "#1565c0",
          k.role() == Role.PRIMARY ? 2 : 1.2,
          Style.role(k),
          Style.shortKey(k.key()),
          k.key());
    }
    for (AccountNode a : g.accounts()) {
      Status s = a.verdict().status();
      box(
          b,
          at.get("a:" + a.account()),
          ACC_W,
          ACC_H,
          Style.fill(s),
          Style.stroke(s),
          a.asked() ? 3 : 1.2,
          clip(a.account().toString(), 34),
          s.wireName() + (a.asked() ? " · asked" : ""),
          a.verdict().reason());
    }
    int x = 20;
    for (Status s : Status.values()) {
      b.append(
          f(
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" rx=\"3\" fill=\"%s\" stroke=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#455a64\">%s</text>%n",
              x, h - 28, Style.fill(s), Style.stroke(s), x + 16, h - 18, s.wireName()));
      x += 30 + s.wireName().length() * 7;
    }
    return b.append("</svg>\n").toString();
  }

  private static void box(
      StringBuilder b,
      double[] c,
      int w,
      int h,
      String fill,
      String stroke,
      double width,
      String line1,
      String line2,
      String title) {
    b.append(
        f(
            "<g><title>%s</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" rx=\"10\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%.1f\"/>"
                + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#263238\">%s</text>"
                + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" fill=\"#455a64\">%s</text></g>%n",
            esc(title),
            c[0] - w / 2.0,
            c[1] - h / 2.0,
            w,
            h,
            fill,
            stroke,
            width,
            c[0],
            c[1] - 3,
            esc(line1),
            c[0],
            c[1] + 13,
            esc(line2)));
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
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
          if (ch >= 0x20 || ch == '\t' || ch == '\n')
            b.append(ch); // XML 1.0 forbids other controls
        }
      }
    }
    return b.toString();
  }
}
