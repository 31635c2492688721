package dev.kez.cli;

import java.util.List;

/**
 * A command that ends without doing its job, for a reason the user can act on: a one-line sentence,
 * optional indented detail lines (the two links of a fork, say), and the kind of failure, which
 * {@link ExitCode#of(Throwable)} turns into the exit code. Commands throw it instead of printing
 * and returning, so every failure is reported in one place.
 */
public final class Failure extends RuntimeException {
  /** What went wrong, as far as a script cares; each maps to one exit code. */
  public enum Kind {
    FAILED,
    USAGE,
    UNREACHABLE,
    LOCAL
  }

  private final Kind kind;
  private final List<String> details;

  private Failure(Kind kind, String message, List<String> details) {
    super(message, null, false, false);
    this.kind = kind;
    this.details = List.copyOf(details);
  }

  /** The work was done and the answer is no (a refused merge, a fork, a server that said no). */
  public static Failure failed(String message, List<String> details) {
    return new Failure(Kind.FAILED, message, details);
  }

  /**
   * Bad input that no option converter could catch earlier (a file's content, an account's chain).
   */
  public static Failure usage(String message) {
    return new Failure(Kind.USAGE, message, List.of());
  }

  /** No network source answered. */
  public static Failure unreachable(String message) {
    return new Failure(Kind.UNREACHABLE, message, List.of());
  }

  /** Local state that cannot be used: a damaged chain file, a missing key, the wrong identity. */
  public static Failure local(String message) {
    return new Failure(Kind.LOCAL, message, List.of());
  }

  public Kind kind() {
    return kind;
  }

  public List<String> details() {
    return details;
  }
}
