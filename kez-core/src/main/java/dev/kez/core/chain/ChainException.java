package dev.kez.core.chain;

/**
 * A link that breaks a rule of the chain (SPEC.md §6.5): which link, which {@link Rule}, and why,
 * in one line. Callers and tests decide on the rule, never on the message text.
 */
public final class ChainException extends RuntimeException {
  /** The rules of SPEC.md §6.5 a link can break, one constant per distinct refusal. */
  public enum Rule {
    /** The link is not well formed (SPEC.md §6.2). */
    MALFORMED,
    /** {@code seq} is not the previous seq + 1. */
    SEQ,
    /** {@code prev} is not the previous link's hash. */
    PREV,
    /** {@code created_at} is before the previous link's. */
    CREATED_AT,
    /** The signing key never had authority in this chain. */
    NO_AUTHORITY,
    /** The signing key had authority once (rotated away or a revoked device). */
    AUTHORITY_ENDED,
    /** A device key signed an op only the primary key may sign. */
    DEVICE_OP,
    /** A device key signed a link created at or after its expiry. */
    DEVICE_EXPIRED,
    /** {@code sig} does not verify for {@code key}. */
    SIG,
    /** An add's claim is by another key than the link's. */
    CLAIM_KEY,
    /** An add's claim signature does not verify. */
    CLAIM_SIG,
    /** A revoke of an account never added. */
    REVOKE_UNKNOWN,
    /** A revoke of an account already revoked. */
    REVOKE_REVOKED,
    /** A rotate to the current primary key. */
    ROTATE_SAME_KEY,
    /** A rotate to an active device key. */
    ROTATE_TO_DEVICE,
    /** {@code new_key_sig} or {@code device_sig} does not verify for the new key. */
    CROSS_SIG,
    /** An add_device of the primary key. */
    DEVICE_IS_PRIMARY,
    /** An add_device of a device already active. */
    DEVICE_ACTIVE,
    /** A revoke_device of a key that is not an active device. */
    DEVICE_NOT_ACTIVE,
  }

  private final long seq;
  private final Rule rule;
  private final String reason;

  public ChainException(long seq, Rule rule, String reason) {
    super("link " + seq + ": " + reason);
    this.seq = seq;
    this.rule = rule;
    this.reason = reason;
  }

  /** The position in the chain where the rule broke (the seq the link should have had). */
  public long seq() {
    return seq;
  }

  public Rule rule() {
    return rule;
  }

  /** The broken rule in words, without the "link N:" prefix of {@link #getMessage()}. */
  public String reason() {
    return reason;
  }
}
