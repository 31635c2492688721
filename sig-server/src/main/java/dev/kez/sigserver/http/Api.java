package dev.kez.sigserver.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.io.Utf8;
import dev.kez.core.json.Json;
import dev.kez.sigserver.ApiError;
import dev.kez.sigserver.ChainService.Outcome;
import dev.kez.sigserver.ChainService;
import dev.kez.sigserver.Config;
import dev.kez.sigserver.store.Store.Head;
import dev.kez.sigserver.store.Store.KeyRef;
import dev.kez.sigserver.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API v1 on Jetty's core handler (no servlets): routing, limits, CORS, errors as JSON
 * {@code {error, detail}}, metrics and one access-log line per request. Blocking style: each
 * request runs on a pool thread, which keeps the code plain; the pool size bounds the work.
 */
public final class Api extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(Api.class);
  private static final String NDJSON = "application/x-ndjson";
  private static final String JSON = "application/json";
  private static final byte[] STATIC_4K = staticBody();
  private static final int DRAIN_LIMIT = 64 * 1024;

  private final Config cfg;
  private final Store store;
  private final ChainService chains;
  private final RateLimiter limiter;
  private final PrometheusMeterRegistry registry;
  private final Consumer<String> accessLog;
  private final Counter appended;
  private final Counter forks;
  private final Counter limited;

  public Api(Config cfg, Store store, ChainService chains, PrometheusMeterRegistry registry, Consumer<String> accessLog) {
    this.cfg = cfg;
    this.store = store;
    this.chains = chains;
    this.limiter = new RateLimiter(cfg.ratePerSecond(), cfg.rateBurst());
    this.registry = registry;
    this.accessLog = accessLog;
    this.appended = Counter.builder("kez.sig.links.appended").description("links stored").register(registry);
    this.forks = Counter.builder("kez.sig.forks").description("conflicting links kept as fork evidence").register(registry);
    this.limited = Counter.builder("kez.sig.rate.limited").description("requests refused by the rate limit").register(registry);
  }

  /** One request's answer so far: what the access log and the metrics report. */
  private static final class Exchange {
    final Request req;
    final Response res;
    String route = "unmatched";
    int status;
    long bytes;
    boolean bodyRead;

    Exchange(Request req, Response res) {
      this.req = req;
      this.res = res;
    }

    void send(int status, String type, byte[] body) throws IOException {
      keepAliveSafe();
      this.status = status;
      res.setStatus(status);
      if (type != null) res.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
      res.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      try (OutputStream out = Response.asBufferedOutputStream(req, res)) {
        out.write(body);
      }
      bytes += body.length;
    }

    /**
     * Answering without reading the request body would leave its bytes where the client's next
     * request should start, and Jetty would then drop the connection under the client's feet.
     * So a small unread body is drained, and a large one ends the connection, said up front.
     */
    void keepAliveSafe() {
      if (bodyRead || res.isCommitted()) return;
      bodyRead = true;
      boolean chunked = req.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
      long len = req.getLength();
      if (len <= 0 && !chunked) return;
      if (len > DRAIN_LIMIT || !drain(req)) res.getHeaders().put(HttpHeader.CONNECTION, "close");
    }

    void empty(int status) throws IOException {
      keepAliveSafe();
      this.status = status;
      res.setStatus(status);
      Response.asBufferedOutputStream(req, res).close();
    }

    void json(int status, ObjectNode body) throws IOException {
      send(status, JSON, (Json.write(body) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void error(int status, String error, String detail) throws IOException {
      ObjectNode o = Json.newObject().put("error", error).put("detail", detail);
      json(status, o);
    }
  }

  @Override
  public boolean handle(Request req, Response res, Callback cb) {
    long t0 = System.nanoTime();
    Exchange x = new Exchange(req, res);
    Throwable failure = null;
    try {
      cors(res);
      long wait = limiter.acquire(Request.getRemoteAddr(req));
      if (wait > 0) {
        limited.increment();
        x.route = "rate_limited";
        res.getHeaders().put(HttpHeader.RETRY_AFTER, wait);
        throw new ApiError(429, "rate_limited", "too many requests from this address; retry in " + wait + " s");
      }
      dispatch(x, t0);
    } catch (ApiError e) {
      failure = answer(x, e.status(), e.error(), e.detail());
    } catch (SQLException e) {
      LOG.warn("database error on {} {}: {}", req.getMethod(), x.route, e.toString());
      failure = answer(x, 503, "storage_unavailable", "the database did not answer; retry later");
    } catch (IOException e) {
      failure = e; // the client went away or stalled: nothing more to say to it
      if (x.status == 0) x.status = 499;
    } catch (RuntimeException e) {
      LOG.error("bug on {} {}", req.getMethod(), x.route, e);
      failure = answer(x, 500, "internal", "the server failed on this request");
    } finally {
      finish(x, t0);
    }
    if (failure == null) cb.succeeded();
    else cb.failed(failure);
    return true;
  }

  /** Reads and drops up to {@link #DRAIN_LIMIT} bytes of body; true if that was all of it. */
  private static boolean drain(Request req) {
    byte[] sink = new byte[8192];
    long total = 0;
    try (InputStream in = Request.asInputStream(req)) {
      for (int n; (n = in.read(sink)) != -1; ) {
        total += n;
        if (total > DRAIN_LIMIT) return false;
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Writes an error answer if the response is not yet committed; returns what went wrong writing. */
  private static Throwable answer(Exchange x, int status, String error, String detail) {
    if (x.res.isCommitted()) {
      return new IOException("failed after the response started: " + error);
    }
    try {
      if (status == 413 || status == 408) x.res.getHeaders().put(HttpHeader.CONNECTION, "close"); // don't read the rest
      x.error(status, error, detail);
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  private void dispatch(Exchange x, long t0) throws SQLException, IOException {
    String method = x.req.getMethod();
    String path = x.req.getHttpURI().getDecodedPath();
    String[] seg = path == null ? new String[0] : Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    if (method.equals("OPTIONS")) { // CORS preflight: the headers are already set
      x.route = "preflight";
      x.empty(204);
      return;
    }
    switch (seg.length) {
      case 1 -> {
        switch (seg[0]) {
          case "healthz" -> {
            x.route = "/healthz";
            allow(x, "GET");
            boolean ok = store.healthy();
            x.json(ok ? 200 : 503, Json.newObject().put("status", ok ? "ok" : "storage_unavailable"));
            return;
          }
          case "metrics" -> {
            x.route = "/metrics";
            allow(x, "GET");
            x.send(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape().getBytes(StandardCharsets.UTF_8));
            return;
          }
          default -> { }
        }
      }
      case 2 -> {
        if (cfg.benchStatic() && seg[0].equals("bench") && seg[1].equals("static")) {
          x.route = "/bench/static";
          allow(x, "GET");
          x.send(200, "text/plain", STATIC_4K);
          return;
        }
      }
      case 3 -> {
        if (seg[0].equals("v1") && seg[1].equals("chains")) {
          x.route = "/v1/chains/{chain}";
          String chain = keyName(seg[2], "chain");
          if (method.equals("GET")) getChain(x, chain);
          else if (method.equals("POST")) postChain(x, chain, t0);
          else allow(x, "GET, POST");
          return;
        }
        if (seg[0].equals("v1") && seg[1].equals("keys")) {
          x.route = "/v1/keys/{key}";
          allow(x, "GET");
          getKey(x, keyName(seg[2], "key"));
          return;
        }
      }
      case 4 -> {
        if (seg[0].equals("v1") && seg[1].equals("chains") && (seg[3].equals("head") || seg[3].equals("forks"))) {
          x.route = "/v1/chains/{chain}/" + seg[3];
          allow(x, "GET");
          String chain = keyName(seg[2], "chain");
          if (seg[3].equals("head")) getHead(x, chain);
          else getForks(x, chain);
          return;
        }
      }
      default -> { }
    }
    throw new ApiError(404, "not_found", "no such resource: " + truncate(path, 100));
  }

  private static void allow(Exchange x, String methods) {
    if (!Arrays.asList(methods.split(", ")).contains(x.req.getMethod())) {
      x.res.getHeaders().put(HttpHeader.ALLOW, methods + ", OPTIONS");
      throw new ApiError(405, "method_not_allowed", x.req.getMethod() + " is not allowed here; use " + methods);
    }
  }

  /** A chain or key name from the path: a key string in its one canonical spelling. */
  private static String keyName(String s, String what) {
    try {
      PublicKey k = PublicKey.parse(s);
      if (k.encoded().equals(s)) return s;
    } catch (MalformedException e) {
      throw new ApiError(400, "bad_" + what, "a " + what + " is named by a key (npub1… or ed25519:…): " + e.getMessage());
    }
    throw new ApiError(400, "bad_" + what, "a " + what + " is named by its key in canonical form");
  }

  private Head requireHead(String chain) throws SQLException {
    return store.head(chain).orElseThrow(() -> new ApiError(404, "not_found", "no chain " + chain + " here"));
  }

  private void getChain(Exchange x, String chain) throws SQLException, IOException {
    long after = 0;
    String a = Request.extractQueryParameters(x.req).getValue("after");
    if (a != null) {
      try {
        after = Long.parseLong(a);
        if (after < 0) throw new NumberFormatException();
      } catch (NumberFormatException e) {
        throw new ApiError(400, "bad_request", "after must be a seq (a whole number >= 0)");
      }
    }
    Head head = requireHead(chain);
    String etag = "\"" + head.hash() + "\"";
    x.res.getHeaders().put(HttpHeader.ETAG, etag);
    x.res.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    if (matches(x.req.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
      x.empty(304);
      return;
    }
    x.keepAliveSafe();
    x.status = 200;
    x.res.setStatus(200);
    x.res.getHeaders().put(HttpHeader.CONTENT_TYPE, NDJSON);
    long[] n = {0};
    // Up to the head read above, so the body is exactly the version its ETag names.
    try (OutputStream out = Response.asBufferedOutputStream(x.req, x.res)) {
      store.links(chain, after + 1, head.seq(), row -> {
        byte[] line = (row.body() + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(line);
        n[0] += line.length;
      });
    }
    x.bytes = n[0];
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) return false;
    for (String t : ifNoneMatch.split(",")) {
      String v = t.trim();
      if (v.startsWith("W/")) v = v.substring(2);
      if (v.equals(etag) || v.equals("*")) return true;
    }
    return false;
  }

  private void postChain(Exchange x, String chain, long t0) throws SQLException, IOException {
    String body = readBody(x, t0);
    List<dev.kez.core.chain.Link> links = ChainService.parseBody(body, cfg.maxLinks());
    Outcome outcome = chains.append(chain, links);
    switch (outcome) {
      case Outcome.Stored s -> {
        appended.increment(s.appended());
        ObjectNode o = Json.newObject().put("appended", s.appended()).put("existing", s.existing());
        o.set("head", headJson(s.head()));
        x.res.getHeaders().put(HttpHeader.ETAG, "\"" + s.head().hash() + "\"");
        x.json(s.appended() > 0 ? 201 : 200, o);
      }
      case Outcome.Fork f -> {
        forks.increment();
        ObjectNode o = Json.newObject().put("error", "fork")
            .put("detail", "link " + f.seq() + " conflicts with the stored link " + f.seq() + "; kept as fork evidence")
            .put("seq", f.seq());
        o.set("stored", Json.parseObject(f.stored()));
        o.set("posted", Json.parseObject(f.posted()));
        x.json(409, o);
      }
    }
  }

  /** Reads the body up to the size limit and the request deadline; beyond either, stops reading. */
  private String readBody(Exchange x, long t0) {
    Request req = x.req;
    long max = cfg.maxBodyBytes();
    long declared = req.getLength();
    if (declared > max) {
      x.bodyRead = true; // refused unread: the Connection: close below ends it
      throw tooLarge();
    }
    long deadline = t0 + cfg.requestTimeoutSeconds() * 1_000_000_000L;
    x.bodyRead = true;
    ByteArrayOutputStream buf = new ByteArrayOutputStream((int) Math.min(max, declared > 0 ? declared : 8192));
    byte[] chunk = new byte[16384];
    try (InputStream in = Request.asInputStream(req)) {
      for (int n; (n = in.read(chunk)) != -1; ) {
        if (buf.size() + (long) n > max) throw tooLarge();
        buf.write(chunk, 0, n);
        if (System.nanoTime() > deadline) throw new ApiError(408, "timeout", "the request body took over " + cfg.requestTimeoutSeconds() + " s");
      }
    } catch (IOException e) {
      throw new ApiError(400, "incomplete_body", "the request body could not be read: " + truncate(String.valueOf(e.getMessage()), 120));
    }
    try {
      return Utf8.decode(buf.toByteArray(), "the body");
    } catch (MalformedException e) {
      throw new ApiError(400, "malformed", e.getMessage());
    }
  }

  private ApiError tooLarge() {
    return new ApiError(413, "too_large", "the body exceeds " + cfg.maxBodyBytes() + " bytes");
  }

  private void getHead(Exchange x, String chain) throws SQLException, IOException {
    Head head = requireHead(chain);
    x.res.getHeaders().put(HttpHeader.ETAG, "\"" + head.hash() + "\"");
    x.json(200, headJson(head));
  }

  private static ObjectNode headJson(Head h) {
    return Json.newObject().put("seq", h.seq()).put("hash", h.hash()).put("primary_key", h.primaryKey());
  }

  private void getForks(Exchange x, String chain) throws SQLException, IOException {
    requireHead(chain);
    ObjectNode o = Json.newObject().put("chain", chain);
    ArrayNode list = o.putArray("forks");
    for (Store.ForkRow f : store.forks(chain)) {
      ObjectNode e = list.addObject().put("seq", f.seq()).put("received_at", f.receivedAt());
      Optional<Store.LinkRow> stored = store.links(chain, f.seq(), f.seq()).stream().findFirst();
      stored.ifPresent(s -> e.set("stored", Json.parseObject(s.body())));
      e.set("conflicting", Json.parseObject(f.body()));
    }
    x.json(200, o);
  }

  private void getKey(Exchange x, String key) throws SQLException, IOException {
    List<KeyRef> refs = store.chainsOfKey(key);
    if (refs.isEmpty()) throw new ApiError(404, "not_found", "no chain here holds the key " + key);
    KeyRef first = refs.get(0);
    ObjectNode o = Json.newObject().put("key", key).put("chain", first.chain()).put("role", first.role()).put("seq", first.seq());
    ArrayNode all = o.putArray("chains");
    for (KeyRef r : refs) all.addObject().put("chain", r.chain()).put("role", r.role()).put("seq", r.seq());
    x.json(200, o);
  }

  private void cors(Response res) {
    var h = res.getHeaders();
    h.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, cfg.corsOrigin());
    h.put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
    h.put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type, If-None-Match");
    h.put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, "ETag, Retry-After");
    h.put(HttpHeader.ACCESS_CONTROL_MAX_AGE, 86400);
  }

  private void finish(Exchange x, long t0) {
    long nanos = System.nanoTime() - t0;
    Timer.builder("kez.sig.http.requests").description("HTTP requests by route and status")
        .tags("method", methodTag(x.req.getMethod()), "route", x.route, "status", Integer.toString(x.status))
        .register(registry).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    if (accessLog == null) return;
    ObjectNode line = Json.newObject().put("ts", Instant.now().toString()).put("ip", Request.getRemoteAddr(x.req))
        .put("method", truncate(x.req.getMethod(), 10)).put("path", truncate(x.req.getHttpURI().getPathQuery(), 200))
        .put("route", x.route).put("status", x.status).put("bytes", x.bytes).put("ms", Math.round(nanos / 10_000.0) / 100.0);
    String ua = x.req.getHeaders().get(HttpHeader.USER_AGENT);
    if (ua != null) line.put("ua", truncate(ua, 100));
    accessLog.accept(Json.write(line));
  }

  private static String methodTag(String m) {
    return switch (m) {
      case "GET", "POST", "OPTIONS", "HEAD", "PUT", "DELETE", "PATCH" -> m;
      default -> "other";
    };
  }

  private static String truncate(String s, int max) {
    if (s == null) return "";
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  private static byte[] staticBody() {
    byte[] b = new byte[4096];
    Arrays.fill(b, (byte) 'k');
    b[4095] = '\n';
    return b;
  }
}
