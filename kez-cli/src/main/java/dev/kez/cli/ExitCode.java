package dev.kez.cli;

import dev.kez.core.MalformedException;
import dev.kez.core.keystore.KeyStoreException;
import dev.kez.core.status.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ParameterException;

/** The exit codes of every {@code kez} command (pinned: scripts depend on them). */
public final class ExitCode {
  /** Done; for verification: the result is {@code valid}. */
  public static final int OK = 0;
  /** Verification ran and the result is not valid (invalid, expired, revoked, fork, not_found). */
  public static final int FAILED = 1;
  /** Bad input or usage: unknown option, malformed claim, account or key. */
  public static final int USAGE = 2;
  /** Could not reach a network source (the result is {@code unreachable}); trying again may help. */
  public static final int UNREACHABLE = 3;
  /** Local state or I/O: no identity yet, unreadable KEZ_HOME, wrong passphrase. */
  public static final int LOCAL = 4;

  private ExitCode() {}

  /** The exit code for a verification result. */
  public static int of(Verdict verdict) {
    return switch (verdict) {
      case Verdict.Valid v -> OK;
      case Verdict.Unreachable u -> UNREACHABLE;
      default -> FAILED;
    };
  }

  /** The exit code for an exception that ended a command. */
  public static int of(Throwable e) {
    return e instanceof ParameterException || e instanceof MalformedException ? USAGE : LOCAL;
  }

  /** Whether an exception is one of the expected failures (else it is a bug, reported as such). */
  static boolean expected(Throwable e) {
    return e instanceof ParameterException || e instanceof MalformedException || e instanceof KeyStoreException
        || e instanceof IOException || e instanceof UncheckedIOException;
  }

  /** The list shown at the end of every command's help. */
  public static Map<String, String> descriptions() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(" " + OK, "ok; for verify: valid");
    m.put(" " + FAILED, "verification failed (invalid, expired, revoked, fork, not_found)");
    m.put(" " + USAGE, "bad input or usage");
    m.put(" " + UNREACHABLE, "unreachable: a network source could not be reached");
    m.put(" " + LOCAL, "local state or I/O error (no identity, KEZ_HOME unreadable, wrong passphrase)");
    return m;
  }
}
