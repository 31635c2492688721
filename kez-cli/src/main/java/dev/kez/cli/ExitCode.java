package dev.kez.cli;

import dev.kez.core.MalformedException;
import dev.kez.core.chain.ChainException;
import dev.kez.core.keystore.KeyStoreException;
import dev.kez.core.status.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ParameterException;

/**
 * The exit codes of every {@code kez} command (pinned: scripts depend on them), and the one table
 * that maps every way a command can end to its code.
 */
public final class ExitCode {
  /** Done; for verification: the result is {@code valid}. */
  public static final int OK = 0;

  /** Verification ran and the result is not valid (invalid, expired, revoked, fork, not_found). */
  public static final int FAILED = 1;

  /** Bad input or usage: unknown option, bad option value, malformed claim, account or key. */
  public static final int USAGE = 2;

  /**
   * Could not reach a network source (the result is {@code unreachable}); trying again may help.
   */
  public static final int UNREACHABLE = 3;

  /**
   * Local state or I/O: no identity yet, unreadable KEZ_HOME, wrong passphrase, damaged chain file.
   */
  public static final int LOCAL = 4;

  /** A bug in kez (sysexits' EX_SOFTWARE): the message says so and KEZ_DEBUG shows the trace. */
  public static final int INTERNAL = 70;

  private ExitCode() {}

  /** The exit code for a verification result. */
  public static int of(Verdict verdict) {
    // instanceof, not a pattern switch: its bootstrap spins a class on every run (issue 16)
    if (verdict instanceof Verdict.Valid) return OK;
    return verdict instanceof Verdict.Unreachable ? UNREACHABLE : FAILED;
  }

  /** The exit code for an exception that ended a command: the one table. */
  public static int of(Throwable e) {
    return switch (e) {
      case Failure f ->
          switch (f.kind()) {
            case FAILED -> FAILED;
            case USAGE -> USAGE;
            case UNREACHABLE -> UNREACHABLE;
            case LOCAL -> LOCAL;
          };
      case ParameterException p -> USAGE;
      case MalformedException m -> USAGE;
      case ChainException c ->
          USAGE; // a link the chain refuses (a damaged local chain is a Failure.local)
      case KeyStoreException k -> LOCAL;
      case IOException io -> LOCAL;
      case UncheckedIOException io -> LOCAL;
      default -> INTERNAL;
    };
  }

  /** The list shown at the end of every command's help. */
  public static Map<String, String> descriptions() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(" " + OK, "ok; for verify: valid");
    m.put(
        " " + FAILED,
        "verification failed (invalid, expired, revoked, fork, not_found), or a refused merge");
    m.put(
        " " + USAGE, "bad input or usage (a bad option value, a malformed claim, account or key)");
    m.put(" " + UNREACHABLE, "unreachable: a network source could not be reached");
    m.put(
        " " + LOCAL,
        "local state or I/O error (no identity, KEZ_HOME unreadable, wrong passphrase)");
    m.put(INTERNAL + "", "internal error: a bug in kez (KEZ_DEBUG=1 prints the stack trace)");
    return m;
  }
}
