package dev.kez.channels.graph;

import dev.kez.channels.identity.IdentityGraph;
import dev.kez.channels.identity.IdentityGraph.AccountNode;
import dev.kez.channels.identity.IdentityGraph.KeyNode;
import dev.kez.core.status.Status;
import dev.kez.core.status.Verdict;

/** The human table; ANSI colour only when asked (stdout is a terminal). */
public final class GraphText {
  private GraphText() {}

  public static String render(IdentityGraph g, boolean colour) {
    StringBuilder b = new StringBuilder();
    b.append(g.subject())
        .append(": ")
        .append(status(g.verdict(), colour))
        .append(" — ")
        .append(g.verdict().reason())
        .append('\n');
    if (g.chain() != null && g.chain().sources().isEmpty()) {
      b.append("\nno sigchain found (give one with --chain or --chain-server)\n");
    } else if (g.chain() != null) {
      b.append("\nchain ")
          .append(g.chain().id() == null ? "(none)" : Style.shortKey(g.chain().id()))
          .append(": ")
          .append(status(g.chain().verdict(), colour));
      if (g.chain().length() > 0)
        b.append(", ")
            .append(g.chain().length())
            .append(g.chain().length() == 1 ? " link" : " links");
      b.append(g.chain().verdict().isValid() ? "" : " — " + g.chain().verdict().reason())
          .append('\n');
      for (var s : g.chain().sources()) {
        b.append("  source ")
            .append(s.origin())
            .append(
                s.failure() == null
                    ? ""
                    : ": " + s.failure().status() + " — " + s.failure().reason())
            .append('\n');
      }
    }
    if (!g.keys().isEmpty()) {
      b.append("\nKEYS\n");
      for (KeyNode k : g.keys()) b.append(String.format("  %-24s %s%n", Style.role(k), k.key()));
    }
    b.append("\nACCOUNTS\n");
    java.util.Map<String, KeyNode> byKey = new java.util.HashMap<>();
    for (KeyNode k : g.keys()) byKey.put(k.key(), k);
    int w =
        g.accounts().stream().mapToInt(a -> a.account().toString().length()).max().orElse(10) + 2;
    for (AccountNode a : g.accounts()) {
      String name = a.account() + (a.asked() ? " *" : "");
      b.append("  ")
          .append(pad(status(a.verdict(), colour), 11 + (colour ? 9 : 0)))
          .append(' ')
          .append(pad(name, w))
          .append(' ');
      if (a.verdict().isValid() && a.key() != null) {
        KeyNode k = byKey.get(a.key());
        b.append("signed by ")
            .append(k == null || k.role() == IdentityGraph.Role.CLAIM_KEY ? "key" : Style.role(k))
            .append(' ')
            .append(Style.shortKey(a.key()));
        if (a.location() != null) b.append(", at ").append(a.location());
      } else {
        b.append(a.verdict().reason());
      }
      if (a.verdict() instanceof Verdict.Unreachable u)
        b.append(u.retryable() ? " (may succeed later)" : " (retry will not help)");
      b.append('\n');
    }
    b.append("\n* the account asked about\n");
    return b.toString();
  }

  private static String status(Verdict v, boolean colour) {
    String s = v.status().wireName();
    if (!colour) return s;
    String code =
        switch (v.status()) {
          case VALID -> "32";
          case EXPIRED, UNREACHABLE -> "33";
          case NOT_FOUND -> "90";
          case REVOKED, INVALID, FORK -> "31";
        };
    return "\u001b[" + code + "m" + s + "\u001b[0m";
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }

  static boolean bad(Status s) {
    return s != Status.VALID;
  }
}
