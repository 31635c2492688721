package dev.kez.core.chain;

/** A link that breaks a rule of the chain (wire.md §5): which link, and why, in one line. */
public final class ChainException extends RuntimeException {
  private final long seq;
  private final String reason;

  public ChainException(long seq, String reason) {
    super("link " + seq + ": " + reason);
    this.seq = seq;
    this.reason = reason;
  }

  /** The position in the chain where the rule broke (the seq the link should have had). */
  public long seq() {
    return seq;
  }

  /** The broken rule, without the "link N:" prefix of {@link #getMessage()}. */
  public String reason() {
    return reason;
  }
}
