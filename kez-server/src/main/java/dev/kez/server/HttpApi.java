package dev.kez.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.json.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge every KEZ server shares, on Jetty's core handler API (no servlets): per-address limits
 * (a token bucket and a bound on requests in progress), CORS, the route table, {@code /healthz} and
 * {@code /metrics}, refusals as JSON {@code {error, detail}} with the status decided here, one
 * metric and one access-log line per request. Endpoints block; each request runs on its own
 * (virtual) thread.
 */
public final class HttpApi extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  private final HttpSettings settings;
  private final Routes routes;
  private final String metricPrefix;
  private final PrometheusMeterRegistry registry;
  private final Consumer<String> accessLog;
  private final RateLimiter limiter;
  private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();
  private final Counter limited;
  private final List<HttpField> corsFields;
  private final ConcurrentHashMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();

  private record TimerKey(String method, String route, int status) {}

  private Handler fallback;

  /**
   * @param metricPrefix e.g. {@code kez.sig}: metrics are named {@code PREFIX.http.requests}
   * @param allowHeaders the request headers browsers may send (CORS)
   * @param healthy whether the server can answer ({@code /healthz} is 503 otherwise)
   * @param accessLog where access-log lines go, or null for none
   */
  public HttpApi(
      HttpSettings settings,
      Routes routes,
      String metricPrefix,
      String allowHeaders,
      BooleanSupplier healthy,
      PrometheusMeterRegistry registry,
      Consumer<String> accessLog) {
    this.settings = settings;
    this.metricPrefix = metricPrefix;
    this.registry = registry;
    this.accessLog = settings.accessLog() ? accessLog : null;
    this.limiter = new RateLimiter(settings.ratePerSecond(), settings.rateBurst());
    // Encoded once, not on every answer.
    this.corsFields =
        List.of(
            new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, settings.corsOrigin()),
            new PreEncodedHttpField(
                HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, POST, OPTIONS"),
            new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, allowHeaders),
            new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, "ETag, Retry-After"),
            new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_MAX_AGE, "86400"));
    this.limited =
        Counter.builder(metricPrefix + ".rate.limited")
            .description("requests refused by the rate limit")
            .register(registry);
    this.routes =
        routes
            .get(
                "/healthz",
                x -> {
                  boolean ok = healthy.getAsBoolean();
                  x.json(
                      ok ? 200 : 503,
                      Json.newObject().put("status", ok ? "ok" : "storage_unavailable"));
                })
            .get(
                "/metrics",
                x ->
                    x.send(
                        200,
                        "text/plain; version=0.0.4; charset=utf-8",
                        registry.scrape().getBytes(StandardCharsets.UTF_8)));
  }

  /** A handler for GET requests that match no route (static files), instead of a 404. */
  public HttpApi fallback(Handler h) {
    this.fallback = h;
    addBean(h); // started and stopped with this handler: a ResourceHandler serves nothing unstarted
    return this;
  }

  @Override
  protected void doStart() throws Exception {
    if (fallback != null) fallback.setServer(getServer());
    super.doStart();
  }

  @Override
  public boolean handle(Request req, Response res, Callback cb) throws Exception {
    long t0 = System.nanoTime();
    Exchange x = new Exchange(req, res, cb, settings, t0);
    String client = Request.getRemoteAddr(req);
    Throwable failure = null;
    boolean counted = false;
    try {
      cors(res);
      long wait = limiter.acquire(client);
      if (wait > 0) {
        limited.increment();
        x.route = "rate_limited";
        res.getHeaders().put(HttpHeader.RETRY_AFTER, wait);
        throw new ApiError(
            429, "rate_limited", "too many requests from this address; retry in " + wait + " s");
      }
      // One address may hold only so many requests open, so slow bodies from one place can
      // never take every worker, connection or byte of memory from the others (SPEC.md §12).
      counted = true;
      if (inFlight.merge(client, 1, Integer::sum) > settings.maxConcurrentPerClient()) {
        x.route = "too_many_in_progress";
        res.getHeaders().put(HttpHeader.RETRY_AFTER, 1);
        throw new ApiError(
            429, "rate_limited", "too many requests in progress from this address; retry in 1 s");
      }
      if (dispatch(x, cb) || x.handedOff)
        return true; // the fallback handler or Jetty (an upgrade) answers
    } catch (ApiError e) {
      if (e.status() == 405 && e.allow() != null) res.getHeaders().put(HttpHeader.ALLOW, e.allow());
      failure = answer(x, e.status(), e.error(), e.detail());
    } catch (SQLException e) {
      LOG.warn("database error on {} {}: {}", req.getMethod(), x.route, e.toString());
      failure = answer(x, 503, "storage_unavailable", "the database did not answer; retry later");
    } catch (IOException e) {
      failure = e; // the client went away or stalled: nothing more to say to it
      if (x.status == 0) x.status = 499;
    } catch (Exception e) {
      LOG.error("bug on {} {}", req.getMethod(), x.route, e);
      failure = answer(x, 500, "internal", "the server failed on this request");
    } finally {
      if (counted) inFlight.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
      finish(x, t0);
    }
    if (failure == null) cb.succeeded();
    else cb.failed(failure);
    return true;
  }

  /** Runs the matching endpoint; true when the fallback handler took the request over. */
  private boolean dispatch(Exchange x, Callback cb) throws Exception {
    String method = x.request().getMethod();
    if (method.equals("OPTIONS")) { // CORS preflight: the headers are already set
      x.route = "preflight";
      x.empty(204);
      return false;
    }
    String path = x.request().getHttpURI().getPath();
    switch (routes.match(method, path == null ? "/" : path)) {
      case Routes.Match.Found f -> {
        x.route = f.route().pattern();
        x.params = f.params();
        f.route().endpoint().handle(x);
        return false;
      }
      case Routes.Match.WrongMethod w ->
          throw new ApiError(
                  405, "method_not_allowed", method + " is not allowed here; use " + w.allow())
              .withAllow(w.allow());
      case Routes.Match.None n -> {
        if (fallback != null
            && (method.equals("GET") || method.equals("HEAD"))
            && fallback.handle(x.request(), x.response(), cb)) {
          x.route = "static";
          x.status = 200;
          return true;
        }
        throw new ApiError(404, "not_found", "no such resource: " + truncate(path, 100));
      }
    }
  }

  /**
   * Writes an error answer if the response is not yet committed; returns what went wrong writing,
   * null when the answer was written (it feeds the request's nullable {@code failure}, which the
   * Jetty callback branch decides on at once).
   */
  private static @Nullable Throwable answer(Exchange x, int status, String error, String detail) {
    if (x.response().isCommitted())
      return new IOException("failed after the response started: " + error);
    try {
      if (status == 413 || status == 408)
        x.response().getHeaders().put(HttpHeader.CONNECTION, "close"); // don't read the rest
      x.error(status, error, detail);
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  private void cors(Response res) {
    var h = res.getHeaders();
    for (HttpField f : corsFields) h.put(f);
  }

  private void finish(Exchange x, long t0) {
    long nanos = System.nanoTime() - t0;
    Request req = x.request();
    String method = methodTag(req.getMethod());
    // Looked up once per (method, route, status): registering builds and sorts the tags each time.
    timers
        .computeIfAbsent(
            new TimerKey(method, x.route, x.status),
            k ->
                Timer.builder(metricPrefix + ".http.requests")
                    .description("HTTP requests by route and status")
                    .tags("method", k.method(), "route", k.route(), "status", "" + k.status())
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
    if (accessLog == null) return;
    ObjectNode line =
        Json.newObject()
            .put("ts", Instant.now().toString())
            .put("ip", Request.getRemoteAddr(req))
            .put("method", truncate(req.getMethod(), 10))
            .put("path", truncate(req.getHttpURI().getPathQuery(), 200))
            .put("route", x.route)
            .put("status", x.status)
            .put("bytes", x.bytes)
            .put("ms", Math.round(nanos / 10_000.0) / 100.0);
    String ua = req.getHeaders().get(HttpHeader.USER_AGENT);
    if (ua != null) line.put("ua", truncate(ua, 100));
    accessLog.accept(Json.write(line));
  }

  private static String methodTag(String m) {
    return switch (m) {
      case "GET", "POST", "OPTIONS", "HEAD", "PUT", "DELETE", "PATCH" -> m;
      default -> "other";
    };
  }

  public static String truncate(String s, int max) {
    if (s == null) return "";
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
