package dev.kez.server;

/** A request the server refuses: an HTTP status, a stable error code, a one-line detail. */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String error;
  private final String allow;

  public ApiError(int status, String error, String detail) {
    this(status, error, detail, null);
  }

  private ApiError(int status, String error, String detail, String allow) {
    super(detail, null, false, false); // no stack trace: this is an answer, not a bug
    this.status = status;
    this.error = error;
    this.allow = allow;
  }

  /** The same refusal with an {@code Allow} header (for 405). */
  public ApiError withAllow(String methods) {
    return new ApiError(status, error, getMessage(), methods);
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

  public String allow() {
    return allow;
  }
}
