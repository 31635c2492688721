package dev.kez.channels.graph;

import dev.kez.core.status.Status;

/** Shared look of the drawings: colours per status, abbreviated keys. */
final class Style {
  private Style() {}

  static String fill(Status s) {
    return switch (s) {
      case VALID -> "#c8e6c9";
      case EXPIRED, UNREACHABLE -> "#fff3c4";
      case NOT_FOUND -> "#e0e0e0";
      case REVOKED, INVALID, FORK -> "#ffcdd2";
    };
  }

  static String stroke(Status s) {
    return switch (s) {
      case VALID -> "#2e7d32";
      case EXPIRED, UNREACHABLE -> "#b28704";
      case NOT_FOUND -> "#757575";
      case REVOKED, INVALID, FORK -> "#c62828";
    };
  }

  /** npub1abcdefgh…uvwxyz: enough to tell keys apart at a glance. */
  static String shortKey(String key) {
    return key.length() <= 24 ? key : key.substring(0, 14) + "…" + key.substring(key.length() - 6);
  }

  static String role(dev.kez.channels.identity.IdentityGraph.KeyNode k) {
    String r = k.role().wireName().replace('_', ' ');
    return k.name() == null ? r : r + " \"" + k.name() + "\"";
  }
}
