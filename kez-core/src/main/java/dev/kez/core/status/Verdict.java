package dev.kez.core.status;

import java.util.List;

/**
 * The typed outcome of verifying a claim, an account or a chain: one of the closed set of statuses,
 * each with a one-line human reason and the evidence it rests on (raw objects, URLs, link JSON).
 * Switch over it with patterns; {@link #status()} gives the wire name.
 */
public sealed interface Verdict {
  Status status();

  /** One line, for people. */
  String reason();

  /** What the verdict rests on: wire objects or locations, as strings. Never secrets. */
  List<String> evidence();

  default boolean isValid() {
    return this instanceof Valid;
  }

  record Valid(String reason, List<String> evidence) implements Verdict {
    public Valid {
      evidence = List.copyOf(evidence);
    }

    public Status status() {
      return Status.VALID;
    }
  }

  record Revoked(String reason, List<String> evidence) implements Verdict {
    public Revoked {
      evidence = List.copyOf(evidence);
    }

    public Status status() {
      return Status.REVOKED;
    }
  }

  record Expired(String reason, List<String> evidence) implements Verdict {
    public Expired {
      evidence = List.copyOf(evidence);
    }

    public Status status() {
      return Status.EXPIRED;
    }
  }

  /** We could not look: the cause is kept, and whether trying again later may help. */
  record Unreachable(String reason, List<String> evidence, boolean retryable) implements Verdict {
    public Unreachable {
      evidence = List.copyOf(evidence);
    }

    public Status status() {
      return Status.UNREACHABLE;
    }
  }

  /** Two different validly signed links at one seq; the evidence holds both. */
  record Fork(String reason, List<String> evidence) implements Verdict {
    public Fork {
      evidence = List.copyOf(evidence);
    }

    public Status status() {
      return Status.FORK;
    }
  }

  record Invalid(String reason, List<String> evidence) implements Verdict {
    public Invalid {
      evidence = List.copyOf(evidence);
    }

    public Status status() {
      return Status.INVALID;
    }
  }

  /** We looked and the proof is not there. */
  record NotFound(String reason, List<String> evidence) implements Verdict {
    public NotFound {
      evidence = List.copyOf(evidence);
    }

    public Status status() {
      return Status.NOT_FOUND;
    }
  }

  static Verdict valid(String reason, String... evidence) {
    return new Valid(reason, List.of(evidence));
  }

  static Verdict revoked(String reason, String... evidence) {
    return new Revoked(reason, List.of(evidence));
  }

  static Verdict expired(String reason, String... evidence) {
    return new Expired(reason, List.of(evidence));
  }

  static Verdict unreachable(String reason, boolean retryable, String... evidence) {
    return new Unreachable(reason, List.of(evidence), retryable);
  }

  static Verdict fork(String reason, String... evidence) {
    return new Fork(reason, List.of(evidence));
  }

  static Verdict invalid(String reason, String... evidence) {
    return new Invalid(reason, List.of(evidence));
  }

  static Verdict notFound(String reason, String... evidence) {
    return new NotFound(reason, List.of(evidence));
  }
}
