package dev.kez.channels.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.Evidence;
import dev.kez.core.MalformedException;
import dev.kez.core.Protocol;
import dev.kez.core.crypto.Digests;
import dev.kez.core.io.Utf8;
import dev.kez.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one way channels fetch over HTTP, hardened against hostile answers (SPEC §13.1): every
 * address of every host (redirects included) must be globally reachable ({@link AddressPolicy})
 * unless private addresses are allowed; at most {@value #MAX_REDIRECTS} redirects, followed here,
 * never by the client; a {@link Credential} goes to its own origin only; bodies capped at {@value
 * #MAX_BODY} bytes while streaming, and read as strict UTF-8; connect and total timeouts; no
 * cookies; a fixed User-Agent. Each failure is a {@link FetchException} carrying a typed verdict.
 * Every response received is recorded as {@link Evidence}; one instance serves one lookup, so
 * {@link #evidence()} is what that lookup saw.
 */
public final class SafeHttp {
  public static final int MAX_BODY = 1 << 20;
  public static final int MAX_REDIRECTS = 3;
  public static final String USER_AGENT = "kez/" + Protocol.VERSION + " (identity proof verifier)";

  private static final Map<Duration, HttpClient> CLIENTS = new ConcurrentHashMap<>();

  private final HttpClient client;
  private final Duration timeout;
  private final boolean allowPrivate;
  private final Clock clock;
  private final List<Evidence> evidence = new ArrayList<>();

  /** Why an address may not be fetched, or empty; replaceable in tests only. */
  Function<InetAddress, Optional<String>> policy = AddressPolicy::refusal;

  private SafeHttp(Duration timeout, boolean allowPrivate, Clock clock) {
    this.timeout = timeout;
    this.allowPrivate = allowPrivate;
    this.clock = clock;
    // One client per connect timeout: clients are costly, lookups are many. No cookie handler.
    this.client =
        CLIENTS.computeIfAbsent(
            timeout,
            t ->
                HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(t)
                    .build());
  }

  public static SafeHttp create(ChannelContext ctx) {
    return new SafeHttp(ctx.timeout(), ctx.allowPrivate(), ctx.clock());
  }

  public static SafeHttp create(Duration timeout, boolean allowPrivate, Clock clock) {
    return new SafeHttp(timeout, allowPrivate, clock);
  }

  /** A fetched 2xx response; {@code uri} is where it was finally served from, after redirects. */
  public record Response(
      URI uri, int status, String contentType, byte[] body, HttpResponse<byte[]> raw) {
    /**
     * The body as text: bytes that are not UTF-8 are {@code invalid}, never repaired (SPEC §13.1).
     */
    public String text() throws FetchException {
      try {
        return Utf8.decode(body, "the body of " + uri);
      } catch (MalformedException e) {
        throw FetchException.invalid(e.getMessage(), uri.toString());
      }
    }

    /** The body as JSON, parsed strictly; anything else is {@code invalid}. */
    public JsonNode json() throws FetchException {
      try {
        return Json.parse(text());
      } catch (MalformedException e) {
        throw FetchException.invalid("not JSON at " + uri + ": " + e.getMessage(), uri.toString());
      }
    }

    public Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }

    /**
     * A string member of a JSON object body on one line, such as an API's {@code error}; empty when
     * the body is no such object.
     */
    public String field(String name) {
      try {
        return oneLine(json().path(name).asText(""));
      } catch (FetchException e) {
        return "";
      }
    }
  }

  /** Everything received so far, in order. */
  public synchronized List<Evidence> evidence() {
    return List.copyOf(evidence);
  }

  /** GETs a JSON document; the content type must mention {@code json} and the body must parse. */
  public JsonNode json(String url, String accept) throws FetchException {
    return get(url, accept, Map.of(), "json").json();
  }

  /**
   * GETs a URL. {@code typeMustContain}, when not null, is a fragment the response's media type
   * must contain ({@code json}, {@code text/}); a mismatch is {@code invalid}.
   */
  public Response get(
      String url, String accept, Map<String, String> headers, @Nullable String typeMustContain)
      throws FetchException {
    return get(url, accept, headers, typeMustContain, null);
  }

  /**
   * As {@link #get(String, String, Map, String)}, presenting {@code credential} (may be null) while
   * the request stays on the credential's origin: a hop to any other origin drops it for the rest
   * of the chain, a redirect back included (SPEC §13.1). Credentials never travel in {@code
   * headers}.
   */
  public Response get(
      String url,
      String accept,
      Map<String, String> headers,
      @Nullable String typeMustContain,
      @Nullable Credential credential)
      throws FetchException {
    for (String name : headers.keySet()) {
      if (Credential.HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            name + " is a credential: pass a Credential, bound to its origin");
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    URI uri = parse(url, url);
    for (int hop = 0; ; hop++) {
      checkAddress(uri);
      if (credential != null && !credential.isFor(uri)) credential = null;
      HttpResponse<byte[]> resp = send("GET", uri, accept, headers, null, credential, deadline);
      int status = resp.statusCode();
      String type = resp.headers().firstValue("content-type").orElse("");
      record(uri, status, type, resp.body());
      if (status >= 300 && status < 400 && status != 304) {
        String location =
            resp.headers()
                .firstValue("location")
                .orElseThrow(() ->
                    FetchException.invalid("HTTP " + status + " without Location at " + url, url));
        if (hop >= MAX_REDIRECTS)
          throw FetchException.invalid(
              "more than " + MAX_REDIRECTS + " redirects from " + url, url);
        URI next = parse(uri.resolve(location.trim()).toString(), url);
        if ("https".equalsIgnoreCase(uri.getScheme())
            && "http".equalsIgnoreCase(next.getScheme())) {
          throw FetchException.invalid("redirect from https to http refused: " + next, url);
        }
        uri = next;
        continue;
      }
      checkStatus(uri, status, resp);
      if (typeMustContain != null && !type.toLowerCase(Locale.ROOT).contains(typeMustContain)) {
        throw FetchException.invalid(
            "wrong content type at " + uri + ": '" + type + "', expected " + typeMustContain,
            uri.toString());
      }
      return new Response(uri, status, type, resp.body(), resp);
    }
  }

  private URI parse(String url, String original) throws FetchException {
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http"))
        throw FetchException.invalid("not an http(s) URL: " + url, original);
      if (u.getHost() == null || u.getHost().isEmpty())
        throw FetchException.invalid("URL without a host: " + url, original);
      if (u.getRawUserInfo() != null)
        throw FetchException.invalid("URL with credentials refused: " + u.getHost(), original);
      return u;
    } catch (java.net.URISyntaxException e) {
      throw FetchException.invalid("malformed URL: " + oneLine(e.getMessage()), original);
    }
  }

  /**
   * Every address the host resolves to must be globally reachable (SPEC §13.1). The client resolves
   * the host again through the JVM's address cache, which keeps this answer (30 s by default), so
   * it connects to an address checked here; a resolver that answers differently once the cache
   * expired (DNS rebinding) is not defeated by this alone.
   */
  private void checkAddress(URI uri) throws FetchException {
    Optional<String> why;
    try {
      why = AddressPolicy.refusal(uri.getHost(), allowPrivate ? a -> Optional.empty() : policy);
    } catch (UnknownHostException e) {
      throw FetchException.unreachable(
          "DNS failure: cannot resolve " + uri.getHost(), true, uri.toString());
    }
    if (why.isPresent()) {
      throw FetchException.invalid(
          "refused to fetch " + uri + ": " + why.get() + "; " + AddressPolicy.LOCAL_POLICY,
          uri.toString());
    }
  }

  /**
   * Sends a write ({@code POST}, {@code PATCH}, {@code PUT}, {@code DELETE}) with a JSON body (may
   * be null) under the same address policy, body cap and evidence as {@link #get}, and answers
   * whatever status came back: the caller maps it, as a refused credential or a missing resource
   * means different things to each service. Writes follow no redirect (a 3xx comes back as it is),
   * so the credential reaches its own origin only (SPEC §13.1).
   */
  public Response write(
      String method,
      String url,
      Map<String, String> headers,
      @Nullable String json,
      @Nullable Credential credential)
      throws FetchException {
    for (String name : headers.keySet()) {
      if (Credential.HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            name + " is a credential: pass a Credential, bound to its origin");
      }
    }
    URI uri = parse(url, url);
    checkAddress(uri);
    if (credential != null && !credential.isFor(uri)) credential = null;
    HttpResponse<byte[]> resp =
        send(
            method,
            uri,
            "application/json",
            headers,
            json,
            credential,
            System.nanoTime() + timeout.toNanos());
    String type = resp.headers().firstValue("content-type").orElse("");
    record(uri, resp.statusCode(), type, resp.body());
    return new Response(uri, resp.statusCode(), type, resp.body(), resp);
  }

  private HttpResponse<byte[]> send(
      String method,
      URI uri,
      String accept,
      Map<String, String> headers,
      @Nullable String json,
      @Nullable Credential credential,
      long deadline)
      throws FetchException {
    long left = deadline - System.nanoTime();
    if (left <= 0)
      throw FetchException.unreachable(
          "timed out after " + seconds(timeout) + " fetching " + uri, true, uri.toString());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
            .timeout(Duration.ofNanos(left))
            .header("User-Agent", USER_AGENT)
            .header("Accept", accept);
    // plain http: HTTP/1.1, as the h2c upgrade makes some servers (an atproto PDS) drop the request
    if ("http".equalsIgnoreCase(uri.getScheme())) b.version(HttpClient.Version.HTTP_1_1);
    if (json != null) b.header("Content-Type", "application/json");
    headers.forEach(b::header);
    if (credential != null) b.header(credential.header(), credential.value());
    CompletableFuture<HttpResponse<byte[]>> f =
        client.sendAsync(b.build(), info -> new Capped(MAX_BODY));
    try {
      return f.get(
          Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw FetchException.unreachable(
          "timed out after " + seconds(timeout) + " fetching " + uri, true, uri.toString());
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw FetchException.unreachable("interrupted fetching " + uri, true, uri.toString());
    } catch (ExecutionException e) {
      throw classify(uri, e.getCause());
    }
  }

  private FetchException classify(URI uri, Throwable t) {
    String u = uri.toString();
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof Oversize)
        return FetchException.invalid("response from " + uri + " is larger than 1 MiB", u);
      if (c instanceof HttpConnectTimeoutException)
        return FetchException.unreachable("connect timed out to " + uri.getHost(), true, u);
      if (c instanceof HttpTimeoutException)
        return FetchException.unreachable(
            "timed out after " + seconds(timeout) + " fetching " + uri, true, u);
      if (c instanceof ConnectException)
        return FetchException.unreachable("connection refused by " + hostPort(uri), true, u);
      if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
        return FetchException.unreachable("DNS failure: cannot resolve " + uri.getHost(), true, u);
      }
    }
    String msg =
        t instanceof IOException && t.getMessage() != null
            ? oneLine(t.getMessage())
            : "the connection failed";
    return FetchException.unreachable("network error fetching " + uri + ": " + msg, true, u);
  }

  private void checkStatus(URI uri, int status, HttpResponse<byte[]> resp) throws FetchException {
    String u = uri.toString();
    if (status >= 200 && status < 300) return;
    if (status == 404 || status == 410)
      throw FetchException.notFound("HTTP " + status + " at " + uri, u);
    Optional<String> retryAfter = resp.headers().firstValue("retry-after");
    Optional<String> remaining = resp.headers().firstValue("x-ratelimit-remaining");
    Optional<String> reset = resp.headers().firstValue("x-ratelimit-reset");
    boolean limited =
        status == 429
            || (status == 403
                && (retryAfter.isPresent() || remaining.filter("0"::equals).isPresent()));
    if (limited) {
      String when =
          retryAfter
              .map(s -> "retry after " + s.trim() + (s.trim().matches("\\d+") ? "s" : ""))
              .or(() ->
                  reset
                      .filter(s -> s.trim().matches("\\d+"))
                      .map(s ->
                          "limit resets at " + Instant.ofEpochSecond(Long.parseLong(s.trim()))))
              .orElse("retry later");
      throw FetchException.unreachable(
          "rate limited by " + uri.getHost() + " (HTTP " + status + "); " + when, true, u);
    }
    if (status >= 500)
      throw FetchException.unreachable("HTTP " + status + " from " + uri.getHost(), true, u);
    if (status == 401 || status == 403)
      throw FetchException.unreachable("HTTP " + status + " (access denied) at " + uri, false, u);
    throw FetchException.invalid("unexpected HTTP " + status + " at " + uri, u);
  }

  private synchronized void record(URI uri, int status, String type, byte[] body) {
    evidence.add(
        new Evidence(
            uri.toString(),
            clock.instant(),
            status,
            type,
            HexFormat.of().formatHex(Digests.sha256(body)),
            body));
  }

  private static String hostPort(URI u) {
    return u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  /** Oversize bodies fail the exchange as soon as the cap is passed, without reading the rest. */
  private static final class Oversize extends IOException {
    Oversize() {
      super("response body over limit", null);
    }
  }

  /** Collects a body up to a cap; past it, cancels the stream and fails. */
  private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final int max;
    private Flow.Subscription subscription;

    Capped(int max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        if (result.isDone()) return;
        if (buf.size() + item.remaining() > max) {
          subscription.cancel();
          result.completeExceptionally(new Oversize());
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        buf.writeBytes(chunk);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(buf.toByteArray());
    }
  }
}
