package dev.kez.chat.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.channels.ChannelContext;
import dev.kez.channels.config.Endpoints;
import dev.kez.channels.graph.GraphJson;
import dev.kez.channels.http.FetchException;
import dev.kez.channels.http.SafeHttp;
import dev.kez.channels.identity.IdentityVerifier;
import dev.kez.chat.protocol.Handle;
import dev.kez.core.MalformedException;
import dev.kez.core.chain.Bundle;
import dev.kez.core.chain.ChainResult;
import dev.kez.core.chain.ChainVerifier;
import dev.kez.core.claim.Account;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.json.Json;
import dev.kez.core.status.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /v1/handles/{handle}/identity} (SPEC.md §kez-chat.5): the verified identity graph of
 * the handle's key, as {@code kez verify id --json} prints it. The key's sigchain comes from the
 * configured sig-servers; one account the chain holds is the subject, and every account is then
 * checked on its own channel by kez-channels with the CLI's address policy (SafeHttp: public
 * addresses only unless {@code --allow-private}) and the channel endpoints the CLI reads from the
 * environment ({@code KEZ_GITHUB_API}, …: {@link Endpoints}). Graphs are cached for a TTL.
 */
final class IdentityService {
  private static final int MAX_CACHED = 10_000;

  private record Cached(ObjectNode graph, long until) {}

  private final List<String> sigServers;
  private final ChannelContext ctx;
  private final long ttlMillis;
  private final Clock clock;
  private final ConcurrentHashMap<PublicKey, Cached> cache = new ConcurrentHashMap<>();

  IdentityService(List<String> sigServers, boolean allowPrivate, int ttlSeconds, Clock clock) {
    this.sigServers = List.copyOf(sigServers);
    this.ctx =
        new ChannelContext(
            Endpoints.resolve(Map.of(), System.getenv(), null),
            null,
            List.of(),
            Duration.ofSeconds(10),
            allowPrivate,
            clock);
    this.ttlMillis = ttlSeconds * 1000L;
    this.clock = clock;
  }

  /**
   * {@code {"handle","key","identity": graph or null, "detail"}}: null when no sig-server knows the
   * key.
   */
  ObjectNode graph(Handle h, PublicKey key) {
    long now = clock.millis();
    Cached c = cache.get(key);
    if (c == null || c.until() <= now) {
      c = new Cached(verify(key), now + ttlMillis);
      if (cache.size() >= MAX_CACHED) cache.clear();
      cache.put(key, c);
    }
    return Json.newObject()
        .put("handle", h.value())
        .put("key", key.encoded())
        .setAll(c.graph().deepCopy());
  }

  private ObjectNode verify(PublicKey key) {
    Optional<Account> subject =
        sigServers.stream().map(s -> subject(s, key)).flatMap(Optional::stream).findFirst();
    if (subject.isEmpty()) {
      return Json.newObject()
          .putNull("identity")
          .put(
              "detail",
              sigServers.isEmpty()
                  ? "this server is configured without sig-servers"
                  : "no configured sig-server holds a chain with an account for this key");
    }
    var g =
        IdentityVerifier.load()
            .verify(
                subject.get(),
                new IdentityVerifier.Options(ctx, List.of(), sigServers, clock.instant(), m -> {}));
    ObjectNode o = Json.newObject();
    o.set("identity", GraphJson.of(g));
    return o;
  }

  /** The first valid account of the key's chain on one sig-server, if it has one. */
  private Optional<Account> subject(String server, PublicKey key) {
    String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    SafeHttp http = SafeHttp.create(ctx);
    try {
      String chain =
          http.json(base + "/v1/keys/" + key.encoded(), "application/json")
              .path("chain")
              .asText("");
      PublicKey.parse(chain);
      String jsonl =
          http.get(base + "/v1/chains/" + chain, "application/x-ndjson", Map.of(), null).text();
      if (!(ChainVerifier.verify(Bundle.parse(jsonl).iterator(), clock)
          instanceof ChainResult.Verified v)) return Optional.empty();
      if (!key.equals(v.state().primaryKey()) && !v.state().activeDevices().contains(key))
        return Optional.empty();
      return v.state().accounts().entrySet().stream()
          .filter(e -> e.getValue().status() == Status.VALID)
          .map(Map.Entry::getKey)
          .findFirst();
    } catch (FetchException | MalformedException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty(); // a chain that does not parse is no identity
    }
  }
}
