package dev.kez.sigserver;

/** A request the server refuses: an HTTP status, a stable error code, a one-line detail. */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String error;

  public ApiError(int status, String error, String detail) {
    super(detail, null, false, false); // no stack trace: this is an answer, not a bug
    this.status = status;
    this.error = error;
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  public String detail() {
    return getMessage();
  }
}
