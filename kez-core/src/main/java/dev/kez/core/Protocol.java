package dev.kez.core;

/** Facts about the protocol itself that every module shares. */
public final class Protocol {
  /** The protocol version: the {@code kez} member of every wire object (SPEC.md §4.1, §6.2). */
  public static final String VERSION = "0.2";

  private Protocol() {}
}
