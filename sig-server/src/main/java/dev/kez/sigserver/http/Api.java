package dev.kez.sigserver.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.json.Json;
import dev.kez.server.ApiError;
import dev.kez.server.Exchange;
import dev.kez.server.HttpApi;
import dev.kez.server.Routes;
import dev.kez.sigserver.ChainService;
import dev.kez.sigserver.ChainService.Outcome;
import dev.kez.sigserver.Config;
import dev.kez.sigserver.store.Store;
import dev.kez.sigserver.store.Store.Head;
import dev.kez.sigserver.store.Store.KeyRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;

/**
 * API v1 (SPEC.md §12) as a route table on the shared edge ({@link HttpApi}): the endpoints call
 * the chain service and map its outcomes to HTTP here.
 */
public final class Api {
  private static final String NDJSON = "application/x-ndjson";
  private static final byte[] STATIC_4K = staticBody();

  private final Config cfg;
  private final Store store;
  private final ChainService chains;
  private final PrometheusMeterRegistry registry;
  private final Consumer<String> accessLog;
  private final Counter appended;
  private final Counter forks;

  public Api(
      Config cfg,
      Store store,
      ChainService chains,
      PrometheusMeterRegistry registry,
      Consumer<String> accessLog) {
    this.cfg = cfg;
    this.store = store;
    this.chains = chains;
    this.registry = registry;
    this.accessLog = accessLog;
    this.appended =
        Counter.builder("kez.sig.links.appended").description("links stored").register(registry);
    this.forks =
        Counter.builder("kez.sig.forks")
            .description("conflicting links kept as fork evidence")
            .register(registry);
  }

  /** The Jetty handler: the shared edge over this API's routes. */
  public Handler handler() {
    Routes routes =
        new Routes()
            .get("/v1/chains/{chain}", this::getChain)
            .post("/v1/chains/{chain}", this::postChain)
            .get("/v1/chains/{chain}/head", this::getHead)
            .get("/v1/chains/{chain}/forks", this::getForks)
            .get("/v1/keys/{key}", this::getKey);
    if (cfg.benchStatic()) routes.get("/bench/static", x -> x.send(200, "text/plain", STATIC_4K));
    return new HttpApi(
        cfg.http(),
        routes,
        "kez.sig",
        "Content-Type, If-None-Match",
        store::healthy,
        registry,
        accessLog);
  }

  /** A chain or key name from the path: a key string in its one canonical spelling. */
  private static String keyName(Exchange x, String what) {
    String s = x.param(what);
    try {
      PublicKey k = PublicKey.parse(s);
      if (k.encoded().equals(s)) return s;
    } catch (MalformedException e) {
      throw new ApiError(
          400,
          "bad_" + what,
          "a " + what + " is named by a key (npub1… or ed25519:…): " + e.getMessage());
    }
    throw new ApiError(400, "bad_" + what, "a " + what + " is named by its key in canonical form");
  }

  private Head requireHead(String chain) throws SQLException {
    return store
        .head(chain)
        .orElseThrow(() -> new ApiError(404, "not_found", "no chain " + chain + " here"));
  }

  private void getChain(Exchange x) throws SQLException, IOException {
    String chain = keyName(x, "chain");
    long after = 0;
    String a = x.query("after");
    if (a != null) {
      try {
        after = Long.parseLong(a);
        if (after < 0) throw new NumberFormatException();
      } catch (NumberFormatException e) {
        throw new ApiError(400, "bad_request", "after must be a seq (a whole number >= 0)");
      }
    }
    x.header(HttpHeader.CACHE_CONTROL, "no-cache");
    String ifNoneMatch = x.header("If-None-Match");
    if (after == 0 && ifNoneMatch == null) { // the common read: one query (ChainService.bundle)
      var b =
          chains
              .bundle(chain)
              .orElseThrow(() -> new ApiError(404, "not_found", "no chain " + chain + " here"));
      x.header(HttpHeader.ETAG, "\"" + b.head() + "\"");
      x.send(200, NDJSON, b.bytes());
      return;
    }
    Head head = requireHead(chain);
    String etag = "\"" + head.hash() + "\"";
    x.header(HttpHeader.ETAG, etag);
    if (matches(ifNoneMatch, etag)) {
      x.empty(304);
      return;
    }
    // Up to the head read above, so the body is exactly the version its ETag names.
    try (OutputStream out = x.stream(200, NDJSON)) {
      store.links(
          chain,
          after + 1,
          head.seq(),
          row -> out.write((row.body() + "\n").getBytes(StandardCharsets.UTF_8)));
    }
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

  private void postChain(Exchange x) throws SQLException, IOException {
    String chain = keyName(x, "chain");
    List<dev.kez.core.chain.Link> links = ChainService.parseBody(x.text(), cfg.maxLinks());
    Outcome outcome = chains.append(chain, links);
    switch (outcome) {
      case Outcome.Stored s -> {
        appended.increment(s.appended());
        ObjectNode o = Json.newObject().put("appended", s.appended()).put("existing", s.existing());
        o.set("head", headJson(s.head()));
        x.header(HttpHeader.ETAG, "\"" + s.head().hash() + "\"");
        x.json(s.appended() > 0 ? 201 : 200, o);
      }
      case Outcome.Fork f -> {
        forks.increment();
        ObjectNode o =
            Json.newObject()
                .put("error", "fork")
                .put(
                    "detail",
                    "link "
                        + f.seq()
                        + " conflicts with the stored link "
                        + f.seq()
                        + "; kept as fork evidence")
                .put("seq", f.seq());
        o.set("stored", Json.parseObject(f.stored()));
        o.set("posted", Json.parseObject(f.posted()));
        x.json(409, o);
      }
    }
  }

  private void getHead(Exchange x) throws SQLException, IOException {
    Head head = requireHead(keyName(x, "chain"));
    x.header(HttpHeader.ETAG, "\"" + head.hash() + "\"");
    x.json(200, headJson(head));
  }

  private static ObjectNode headJson(Head h) {
    return Json.newObject()
        .put("seq", h.seq())
        .put("hash", h.hash())
        .put("primary_key", h.primaryKey());
  }

  private void getForks(Exchange x) throws SQLException, IOException {
    String chain = keyName(x, "chain");
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

  private void getKey(Exchange x) throws SQLException, IOException {
    String key = keyName(x, "key");
    List<KeyRef> refs = store.chainsOfKey(key);
    if (refs.isEmpty()) throw new ApiError(404, "not_found", "no chain here holds the key " + key);
    KeyRef first = refs.get(0);
    ObjectNode o =
        Json.newObject()
            .put("key", key)
            .put("chain", first.chain())
            .put("role", first.role())
            .put("seq", first.seq());
    ArrayNode all = o.putArray("chains");
    for (KeyRef r : refs)
      all.addObject().put("chain", r.chain()).put("role", r.role()).put("seq", r.seq());
    x.json(200, o);
  }

  private static byte[] staticBody() {
    byte[] b = new byte[4096];
    Arrays.fill(b, (byte) 'k');
    b[4095] = '\n';
    return b;
  }
}
