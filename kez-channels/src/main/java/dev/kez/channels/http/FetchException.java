package dev.kez.channels.http;

import dev.kez.core.status.Verdict;

/**
 * A fetch that gave no usable answer, already typed: {@link Verdict.Unreachable} (we could not
 * look), {@link Verdict.NotFound} (404/410) or {@link Verdict.Invalid} (oversize, wrong type or
 * shape, refused address). Plugins turn it into a {@code ProofLookup.Failed}.
 */
public final class FetchException extends Exception {
  private final transient Verdict verdict;

  public FetchException(Verdict verdict) {
    super(verdict.reason(), null, false, false);
    this.verdict = verdict;
  }

  public Verdict verdict() {
    return verdict;
  }

  static FetchException unreachable(String reason, boolean retryable, String url) {
    return new FetchException(Verdict.unreachable(reason, retryable, url));
  }

  static FetchException invalid(String reason, String url) {
    return new FetchException(Verdict.invalid(reason, url));
  }

  static FetchException notFound(String reason, String url) {
    return new FetchException(Verdict.notFound(reason, url));
  }
}
