package dev.kez.channels.dns;

/** The DNS could not answer (timeout, SERVFAIL, refused, network error): we could not look. */
public final class DnsUnreachableException extends Exception {
  private final boolean retryable;

  public DnsUnreachableException(String reason, boolean retryable) {
    super(reason);
    this.retryable = retryable;
  }

  /** One line, for people. */
  public String reason() {
    return getMessage();
  }

  /** Whether asking again later may help (timeouts and SERVFAIL: yes; REFUSED: no). */
  public boolean retryable() {
    return retryable;
  }
}
