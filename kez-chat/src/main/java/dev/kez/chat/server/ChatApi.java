package dev.kez.chat.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.chat.protocol.ChatAuth;
import dev.kez.chat.protocol.ChatKey;
import dev.kez.chat.protocol.ChatLimitException;
import dev.kez.chat.protocol.Envelope;
import dev.kez.chat.protocol.Handle;
import dev.kez.chat.protocol.LogEntry;
import dev.kez.chat.protocol.Page;
import dev.kez.chat.protocol.Posted;
import dev.kez.chat.protocol.Registration;
import dev.kez.chat.server.live.Hub;
import dev.kez.chat.server.push.PushService;
import dev.kez.chat.server.store.ChatStore;
import dev.kez.chat.server.store.ChatStore.HandleRow;
import dev.kez.chat.server.store.ChatStore.Subscription;
import dev.kez.chat.server.store.ChatStore.Write;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.json.Json;
import dev.kez.server.ApiError;
import dev.kez.server.Exchange;
import dev.kez.server.Routes;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The kez-chat v1 routes (SPEC.md §kez-chat.5, chat.md §5 and §8). Each endpoint checks in the
 * pinned order — the handle in the path (400), the content type (415), the body (413, then 400: a
 * body that cannot be parsed is refused before auth is judged), the handle's existence (404), the
 * auth (401) — then calls the store and maps its result to a status.
 */
final class ChatApi {
  /** A push subscription is a URL and two keys; a browser's is well under 1 KiB. */
  static final int MAX_SUBSCRIPTION_BYTES = 4096;

  private final ChatStore store;
  private final Authenticator auth;
  private final Hub hub;
  private final PushService push;
  private final IdentityService identity;

  ChatApi(
      ChatStore store, Authenticator auth, Hub hub, PushService push, IdentityService identity) {
    this.store = store;
    this.auth = auth;
    this.hub = hub;
    this.push = push;
    this.identity = identity;
  }

  /**
   * The routes; WebSocket upgrades go through the same edge (limits, access log) and then to {@code
   * ws}.
   */
  Routes routes(ServerWebSocketContainer ws) {
    return new Routes()
        .post("/v1/handles/{handle}", this::register)
        .get("/v1/handles/{handle}", this::getHandle)
        .get("/v1/handles/{handle}/identity", this::getIdentity)
        .post("/v1/handles/{handle}/enc-keys", this::addEncKey)
        .post("/v1/messages/{handle}", this::postMessage)
        .get("/v1/messages/{handle}", this::getMessages)
        .get(
            "/v1/ws/{handle}",
            x -> {
              knownKey(handle(x)); // 400 bad handle, 404 unknown, before any WebSocket exists
              if (!ws.upgrade(hub, x.request(), x.response(), x.callback())) {
                throw new ApiError(
                    400,
                    "websocket_required",
                    "this route is a WebSocket: send an upgrade request");
              }
              x.handedOff(101);
            })
        .get(
            "/v1/push/vapid-public-key",
            x -> x.json(200, Json.newObject().put("key", push.publicKey())))
        .post("/v1/push/subscribe/{handle}", this::subscribe)
        .post("/v1/push/unsubscribe/{handle}", this::unsubscribe);
  }

  /**
   * The handle of the path (chat.md §8): ASCII letters lowercased, anything else outside a-z 0-9 _
   * - is 400.
   */
  static Handle handle(Exchange x) {
    try {
      return Handle.parse(x.rawParam("handle"));
    } catch (MalformedException e) {
      throw new ApiError(400, "bad_handle", e.getMessage());
    }
  }

  private static byte[] jsonBody(Exchange x, int max) {
    String type = x.header("Content-Type");
    String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json")) {
      throw new ApiError(415, "unsupported_media_type", "the body must be application/json");
    }
    byte[] body = x.body();
    if (body.length > max)
      throw new ApiError(413, "too_large", "the body exceeds " + max + " bytes");
    return body;
  }

  /** Parses a body; over a size limit is 413, anything else malformed 400. */
  private static <T> T parse(Supplier<T> parser) {
    try {
      return parser.get();
    } catch (ChatLimitException e) {
      throw new ApiError(413, "too_large", e.getMessage());
    } catch (MalformedException | IllegalArgumentException e) {
      throw new ApiError(400, "malformed", oneLine(e.getMessage()));
    }
  }

  private static String oneLine(String s) {
    return s == null ? "the body is malformed" : s.replaceAll("\\s+", " ");
  }

  private HandleRow known(Handle h) throws SQLException {
    return store
        .handle(h)
        .orElseThrow(() -> new ApiError(404, "unknown_handle", "no handle @" + h + " here"));
  }

  /** The key of a known handle (404 otherwise), from the store's cache. */
  private PublicKey knownKey(Handle h) throws SQLException {
    return store
        .boundKey(h)
        .orElseThrow(() -> new ApiError(404, "unknown_handle", "no handle @" + h + " here"));
  }

  private void authorize(Exchange x, Handle h, PublicKey key, byte[] body, String endpoint) {
    auth.check(
        x.header(ChatAuth.HEADER), x.request().getMethod(), x.target(), body, endpoint, h, key);
  }

  private void register(Exchange x) throws Exception {
    Handle h = handle(x);
    byte[] body = jsonBody(x, Registration.MAX_BYTES);
    Registration reg = parse(() -> Registration.parse(body));
    authorize(x, h, reg.key(), body, ""); // signed by the key being registered
    Write w = store.register(h, reg.key(), auth.now());
    if (w == Write.CONFLICT)
      throw new ApiError(409, "handle_taken", "@" + h + " is bound to another key");
    x.json(
        w == Write.CREATED ? 201 : 200,
        Json.newObject().put("handle", h.value()).put("key", reg.key().encoded()));
  }

  private void getHandle(Exchange x) throws Exception {
    HandleRow row = known(handle(x));
    ObjectNode o =
        Json.newObject().put("handle", row.handle().value()).put("key", row.key().encoded());
    ArrayNode keys = o.putArray("enc_keys");
    for (ChatKey k : store.encKeys(row.handle(), auth.now())) keys.add(k.toJson());
    x.json(200, o);
  }

  private void getIdentity(Exchange x) throws Exception {
    HandleRow row = known(handle(x));
    x.json(200, identity.graph(row.handle(), row.key()));
  }

  private void addEncKey(Exchange x) throws Exception {
    Handle h = handle(x);
    byte[] body = jsonBody(x, ChatKey.MAX_BYTES);
    ChatKey record = parse(() -> ChatKey.parse(Json.parseObject(body)));
    PublicKey key = knownKey(h);
    authorize(x, h, key, body, "");
    record
        .check(h, key, auth.now())
        .ifPresent(p -> {
          throw new ApiError(400, "bad_record", "chat_key record refused: " + p.reason());
        });
    Write w = store.addEncKey(h, record, auth.now());
    x.json(w == Write.CREATED ? 201 : 200, record.toJson());
  }

  private void postMessage(Exchange x) throws Exception {
    Handle from = handle(x);
    byte[] body = jsonBody(x, Envelope.MAX_BYTES);
    Envelope env = parse(() -> Envelope.parse(body));
    authorize(x, from, knownKey(from), body, "");
    long now = auth.now();
    ChatStore.Posted p = store.post(from, env, now);
    switch (p.outcome()) {
      case UNKNOWN -> throw new ApiError(404, "unknown_handle", "no handle @" + env.to() + " here");
      case CONFLICT ->
          throw new ApiError(
              409, "id_conflict", "message " + env.id() + " was already posted with another body");
      case SAME -> x.json(200, new Posted(env.id(), env.to(), p.seq()).toJson());
      case CREATED -> {
        hub.appended(from, new LogEntry(p.seq(), from, now, env));
        if (!env.to().equals(from)) {
          hub.appended(env.to(), new LogEntry(p.recipientSeq(), from, now, env));
          push.fanOut(
              env.to(), p.recipientSeq()); // queued: the answer never waits for a push service
        }
        x.json(201, new Posted(env.id(), env.to(), p.seq()).toJson());
      }
    }
  }

  private void getMessages(Exchange x) throws Exception {
    Handle h = handle(x);
    long after = number(x.query("after"), 0, Long.MAX_VALUE, 0, "after");
    int limit = (int) number(x.query("limit"), 1, Page.MAX_LIMIT, Page.DEFAULT_LIMIT, "limit");
    HandleRow row = known(h); // the head too, read now
    authorize(x, h, row.key(), new byte[0], "");
    // The head first: entries stored meanwhile have a larger seq, so the page stays within it.
    long head = row.head();
    var entries = store.entries(h, after, limit).stream().filter(e -> e.seq() <= head).toList();
    x.json(200, new Page(entries, head).toJson());
  }

  private static long number(String s, long min, long max, long dflt, String name) {
    if (s == null) return dflt;
    try {
      if (!s.matches("0|[1-9][0-9]{0,17}")) throw new NumberFormatException();
      long n = Long.parseLong(s);
      if (n < min || n > max) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new ApiError(
          400, "bad_request", name + " must be a whole number from " + min + " to " + max);
    }
  }

  private void subscribe(Exchange x) throws Exception {
    Handle h = handle(x);
    byte[] body = jsonBody(x, MAX_SUBSCRIPTION_BYTES);
    Subscription s = parse(() -> PushService.parseSubscription(h, Json.parseObject(body)));
    authorize(x, h, knownKey(h), body, s.endpoint());
    push.checkEndpoint(s.endpoint());
    Write w = store.subscribe(s, auth.now());
    x.json(
        w == Write.CREATED ? 201 : 200,
        Json.newObject().put("handle", h.value()).put("endpoint", s.endpoint()));
  }

  private void unsubscribe(Exchange x) throws Exception {
    Handle h = handle(x);
    byte[] body = jsonBody(x, MAX_SUBSCRIPTION_BYTES);
    String endpoint =
        parse(() -> {
          ObjectNode o = Json.parseObject(body);
          for (var it = o.fieldNames(); it.hasNext(); ) {
            if (!Set.of("endpoint").contains(it.next()))
              throw new MalformedException(
                  "malformed unsubscribe body: only \"endpoint\" is allowed");
          }
          return Json.string(o, "endpoint");
        });
    authorize(x, h, knownKey(h), body, endpoint);
    boolean removed = store.unsubscribe(h, endpoint, null);
    x.json(
        200,
        Json.newObject()
            .put("handle", h.value())
            .put("endpoint", endpoint)
            .put("removed", removed));
  }
}
