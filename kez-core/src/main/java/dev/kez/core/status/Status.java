package dev.kez.core.status;

import java.util.Locale;

/** The verification statuses of SPEC.md §8, by their wire names. */
public enum Status {
  VALID,
  REVOKED,
  EXPIRED,
  UNREACHABLE,
  FORK,
  INVALID,
  NOT_FOUND;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Status fromWireName(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return wireName();
  }
}
