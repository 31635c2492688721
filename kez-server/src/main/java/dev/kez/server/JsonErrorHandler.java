package dev.kez.server;

import dev.kez.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises before a request reaches the routes (an ambiguous or malformed path, a
 * garbage request line, Content-Length with Transfer-Encoding, an over-long URI or header block,
 * CONNECT) come back as the same JSON {@code {error, detail}} as every other refusal (SPEC.md §12),
 * never as an HTML page, whatever the method. Jetty 12.1 answers even a request it could not parse
 * through {@link #generateResponse} (its deprecated {@code badMessageError} is no longer needed;
 * {@code EdgeTest.everyErrorIsJson} holds it to that).
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request req, Response res, int status, String message, Throwable cause, Callback cb) {
    res.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    res.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    res.write(true, ByteBuffer.wrap(body(status, message)), cb);
  }

  static byte[] body(int status, String message) {
    String error =
        switch (status) {
          case 400 -> "bad_request";
          case 404 -> "not_found";
          case 405 -> "method_not_allowed";
          case 408 -> "timeout";
          case 413 -> "too_large";
          case 414 -> "uri_too_long";
          case 431 -> "headers_too_large";
          case 500 -> "internal";
          case 501 -> "not_implemented";
          case 503 -> "unavailable";
          default -> status >= 500 ? "server_error" : "bad_request";
        };
    String reason = HttpStatus.getMessage(status);
    // Jetty's own message is a short phrase ("Ambiguous URI path separator"); anything that looks
    // like an exception's text is replaced by the status's reason phrase.
    String detail =
        message == null
                || message.isBlank()
                || message.contains("Exception")
                || message.length() > 120
            ? reason
            : message;
    String json =
        Json.write(
                Json.newObject()
                    .put("error", error)
                    .put("detail", "the request was refused: " + detail))
            + "\n";
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
