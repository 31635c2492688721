package dev.kez.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.URIUtil;

/**
 * One request and its answer so far: what an endpoint reads and writes, and what the access log
 * reports.
 */
public final class Exchange {
  private static final int DRAIN_LIMIT = 64 * 1024;

  private final Request req;
  private final Response res;
  private final HttpSettings settings;
  private final long deadline;
  String route = "unmatched";
  Map<String, String> params = Map.of();
  int status;
  long bytes;
  private boolean bodyRead;
  private Callback callback;
  boolean handedOff;

  Exchange(Request req, Response res, Callback callback, HttpSettings settings, long t0) {
    this.req = req;
    this.callback = callback;
    this.res = res;
    this.settings = settings;
    this.deadline = t0 + settings.requestTimeoutSeconds() * 1_000_000_000L;
  }

  public Request request() {
    return req;
  }

  /**
   * The request's callback, for an endpoint that hands the exchange to Jetty (a WebSocket upgrade);
   * after {@link #handedOff()} the edge no longer completes it.
   */
  public Callback callback() {
    return callback;
  }

  /** Says that Jetty now owns the exchange (the upgrade took the callback). */
  public void handedOff(int status) {
    handedOff = true;
    this.status = status;
  }

  public Response response() {
    return res;
  }

  /** A path parameter exactly as sent (still percent-encoded). */
  public String rawParam(String name) {
    return params.get(name);
  }

  /** A path parameter, percent-decoded. */
  public String param(String name) {
    return URIUtil.decodePath(params.get(name));
  }

  public String query(String name) {
    return Request.extractQueryParameters(req).getValue(name);
  }

  public String header(String name) {
    return req.getHeaders().get(name);
  }

  public void header(HttpHeader name, String value) {
    res.getHeaders().put(name, value);
  }

  /** The request target exactly as sent: path and query, no decoding or normalization. */
  public String target() {
    return req.getHttpURI().getPathQuery();
  }

  /**
   * The body, up to the size limit and within the request deadline, which fires even when no byte
   * arrives (a stalled body must not hold its request open: SPEC.md §12).
   */
  public byte[] body() {
    long declared = req.getLength();
    bodyRead = true;
    if (declared > settings.maxBodyBytes())
      throw tooLarge(); // refused unread: the Connection: close ends it
    CompletableFuture<byte[]> f = new CompletableFuture<>();
    Content.Source.asByteArrayAsync(
        req, (int) settings.maxBodyBytes(), Promise.Invocable.toPromise(f));
    try {
      return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(false);
      throw timeout();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof TimeoutException)
        throw timeout(); // Jetty's minimum data rate or idle timeout
      if (c instanceof IllegalArgumentException || c instanceof IllegalStateException)
        throw tooLarge();
      throw new ApiError(400, "incomplete_body", "the request body could not be read completely");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw timeout();
    }
  }

  /** The body as strict UTF-8 text. */
  public String text() {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ApiError(400, "malformed", "the body is not UTF-8");
    }
  }

  private ApiError timeout() {
    return new ApiError(
        408,
        "timeout",
        "the request body did not arrive within " + settings.requestTimeoutSeconds() + " s");
  }

  private ApiError tooLarge() {
    return new ApiError(413, "too_large", "the body exceeds " + settings.maxBodyBytes() + " bytes");
  }

  public void send(int status, String type, byte[] body) throws IOException {
    keepAliveSafe();
    this.status = status;
    res.setStatus(status);
    if (type != null) res.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    res.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    try (Blocker.Callback done = Blocker.callback()) { // the whole answer in one write
      res.write(true, ByteBuffer.wrap(body), done);
      done.block();
    }
    bytes += body.length;
  }

  /** Starts a streamed answer of unknown length; the caller closes the stream. */
  public OutputStream stream(int status, String type) {
    keepAliveSafe();
    this.status = status;
    res.setStatus(status);
    res.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    return new java.io.FilterOutputStream(Response.asBufferedOutputStream(req, res)) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        bytes += len;
      }
    };
  }

  public void empty(int status) throws IOException {
    keepAliveSafe();
    this.status = status;
    res.setStatus(status);
    Response.asBufferedOutputStream(req, res).close();
  }

  public void json(int status, ObjectNode body) throws IOException {
    send(status, "application/json", (Json.write(body) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  void error(int status, String error, String detail) throws IOException {
    json(status, Json.newObject().put("error", error).put("detail", detail));
  }

  /**
   * Answering without reading the request body would leave its bytes where the client's next
   * request should start, and Jetty would then drop the connection under the client's feet. So a
   * small unread body is drained, and a large one ends the connection, said up front.
   */
  private void keepAliveSafe() {
    if (bodyRead || res.isCommitted()) return;
    bodyRead = true;
    boolean chunked = req.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    long len = req.getLength();
    if (len <= 0 && !chunked) return;
    if (len > DRAIN_LIMIT || !drain()) res.getHeaders().put(HttpHeader.CONNECTION, "close");
  }

  private boolean drain() {
    CompletableFuture<byte[]> f = new CompletableFuture<>();
    Content.Source.asByteArrayAsync(req, DRAIN_LIMIT, Promise.Invocable.toPromise(f));
    try {
      f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      f.cancel(false);
      return false;
    }
  }
}
