package dev.kez.core.chain;

import dev.kez.core.MalformedException;

/** The five sigchain operations of SPEC.md §6.3, by their wire names. */
public enum Op {
  ADD("add"),
  REVOKE("revoke"),
  ROTATE("rotate"),
  ADD_DEVICE("add_device"),
  REVOKE_DEVICE("revoke_device");

  private final String wireName;

  Op(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Whether an active device key may sign this op; the others need the primary key. */
  public boolean deviceMaySign() {
    return this == ADD || this == REVOKE;
  }

  public static Op fromWireName(String s) {
    for (Op op : values()) if (op.wireName.equals(s)) return op;
    throw new MalformedException("malformed link: unknown op \"" + s + "\"");
  }

  @Override
  public String toString() {
    return wireName;
  }
}
