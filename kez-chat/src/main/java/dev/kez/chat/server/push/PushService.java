package dev.kez.chat.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.channels.http.AddressPolicy;
import dev.kez.chat.protocol.Handle;
import dev.kez.chat.server.store.ChatStore;
import dev.kez.chat.server.store.ChatStore.Subscription;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.json.Jcs;
import dev.kez.core.json.Json;
import dev.kez.server.ApiError;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Web Push fan-out (SPEC.md §kez-chat.7): after a message is stored, each subscription of a
 * recipient with no live authenticated WebSocket gets {@code {"seq","to","type":"message"}} (JCS),
 * encrypted (RFC 8291) and signed for (RFC 8292). Fire-and-forget: a bounded queue and a few
 * workers, never the poster's thread. The endpoint passes the address policy again at every send
 * and redirects are not followed. 404/410 delete the subscription if it is unchanged; 429 and 5xx
 * are retried (honouring Retry-After) a bounded number of times.
 */
public final class PushService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PushService.class);
  private static final int WORKERS = 4;
  private static final long MAX_BACKOFF_SECONDS = 600;

  /** A push's settings: TTL header, attempts after 429/5xx, queue bound, first backoff. */
  public record Options(
      int ttlSeconds, int retries, int queue, boolean allowPrivate, Duration firstBackoff) {}

  private record Job(Subscription sub, long seq, int attempt) {}

  private final ChatStore store;
  private final Vapid vapid;
  private final Predicate<Handle> live;
  private final Options o;
  private final Clock clock;
  private final HttpClient http;
  private final BlockingQueue<Job> queue;
  private final ScheduledExecutorService timer;
  private final Thread[] workers = new Thread[WORKERS];

  /**
   * Counts for metrics and tests: sent (2xx), gone (404/410), retried, dropped (queue full or
   * retries spent).
   */
  public final AtomicLong sent = new AtomicLong();

  public final AtomicLong gone = new AtomicLong();
  public final AtomicLong retried = new AtomicLong();
  public final AtomicLong dropped = new AtomicLong();

  public PushService(ChatStore store, Vapid vapid, Predicate<Handle> live, Options o, Clock clock) {
    this.store = store;
    this.vapid = vapid;
    this.live = live;
    this.o = o;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    this.queue = new ArrayBlockingQueue<>(o.queue());
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("kez-chat-push-retry").unstarted(r));
    for (int i = 0; i < WORKERS; i++)
      workers[i] = Thread.ofVirtual().name("kez-chat-push-" + i).start(this::work);
  }

  /** The VAPID public key, b64u of the 65-byte point. */
  public String publicKey() {
    return Base64Url.encode(vapid.publicKey());
  }

  /**
   * Parses a browser's PushSubscription JSON: {"endpoint","keys":{"p256dh","auth"}} (and an
   * optional expirationTime).
   */
  public static Subscription parseSubscription(Handle h, ObjectNode o) {
    only(o, Set.of("endpoint", "keys", "expirationTime"), "subscription");
    String endpoint = Json.string(o, "endpoint");
    JsonNode keys = o.get("keys");
    if (keys == null || !keys.isObject())
      throw new MalformedException("malformed subscription: \"keys\" must be an object");
    only((ObjectNode) keys, Set.of("p256dh", "auth"), "subscription keys");
    String p256dh = Json.string((ObjectNode) keys, "p256dh");
    String auth = Json.string((ObjectNode) keys, "auth");
    byte[] point = Base64Url.decode(p256dh);
    try {
      WebPushCrypto.publicKey(point);
    } catch (java.security.GeneralSecurityException e) {
      throw new MalformedException("malformed subscription: \"p256dh\" is not a P-256 public key");
    }
    if (Base64Url.decode(auth).length != 16)
      throw new MalformedException("malformed subscription: \"auth\" must be 16 bytes");
    return new Subscription(h, endpoint, p256dh, auth);
  }

  private static void only(ObjectNode o, Set<String> allowed, String what) {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      if (!allowed.contains(it.next()))
        throw new MalformedException("malformed " + what + ": unknown member");
    }
  }

  /** Refuses (400) an endpoint that is not https or reaches a non-public address (chat.md §8). */
  public void checkEndpoint(String endpoint) {
    endpointProblem(endpoint)
        .ifPresent(why -> {
          throw new ApiError(400, "bad_endpoint", "push endpoint refused: " + why);
        });
  }

  /** Why an endpoint is refused, if it is. */
  private Optional<String> endpointProblem(String endpoint) {
    URI u;
    try {
      u = new URI(endpoint);
    } catch (java.net.URISyntaxException e) {
      return Optional.of("not a URL");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(o.allowPrivate() && scheme.equals("http")))
      return Optional.of("it must be https");
    if (u.getHost() == null || u.getRawUserInfo() != null || u.getRawFragment() != null)
      return Optional.of("it must be a plain https URL with a host");
    if (endpoint.length() > 2048) return Optional.of("it is longer than 2048 characters");
    if (o.allowPrivate()) return Optional.empty();
    try {
      return AddressPolicy.refusal(u.getHost()); // every address globally reachable (IANA tables)
    } catch (UnknownHostException e) {
      return Optional.of("its host does not resolve");
    }
  }

  /**
   * Queues a push of {@code seq} to every subscription of {@code recipient} unless it is live now.
   */
  public void fanOut(Handle recipient, long seq) {
    if (live.test(recipient)) return;
    try {
      for (Subscription s : store.subscriptions(recipient)) enqueue(new Job(s, seq, 0));
    } catch (java.sql.SQLException e) {
      LOG.warn("push fan-out skipped: the database did not answer");
    }
  }

  private void enqueue(Job j) {
    if (!queue.offer(j)) dropped.incrementAndGet();
  }

  private void work() {
    while (true) {
      Job j;
      try {
        j = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        send(j);
      } catch (RuntimeException e) {
        LOG.warn("push failed: {}", e.getMessage());
      }
    }
  }

  private void send(Job j) {
    if (live.test(j.sub().handle()))
      return; // the recipient came online meanwhile: the socket delivers
    if (endpointProblem(j.sub().endpoint()).isPresent()) {
      dropped.incrementAndGet();
      return;
    }
    ObjectNode payload =
        Json.newObject()
            .put("seq", j.seq())
            .put("to", j.sub().handle().value())
            .put("type", "message");
    URI endpoint = URI.create(j.sub().endpoint());
    HttpResponse<Void> r;
    try {
      byte[] body =
          WebPushCrypto.encrypt(
              Base64Url.decode(j.sub().p256dh()),
              Base64Url.decode(j.sub().auth()),
              Jcs.canonicalize(payload));
      HttpRequest req =
          HttpRequest.newBuilder(endpoint)
              .timeout(Duration.ofSeconds(30))
              .header("TTL", Integer.toString(o.ttlSeconds()))
              .header("Urgency", "high")
              .header("Content-Encoding", "aes128gcm")
              .header("Content-Type", "application/octet-stream")
              .header("Authorization", vapid.authorization(endpoint, clock.millis() / 1000))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      r = http.send(req, HttpResponse.BodyHandlers.discarding());
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      retry(j, null);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    int st = r.statusCode();
    if (st >= 200 && st < 300) {
      sent.incrementAndGet();
    } else if (st == 404 || st == 410) {
      gone.incrementAndGet();
      try {
        store.unsubscribe(
            j.sub().handle(), j.sub().endpoint(), j.sub()); // only if unchanged since this send
      } catch (java.sql.SQLException e) {
        LOG.warn("could not delete a gone push subscription: the database did not answer");
      }
    } else if (st == 429 || st >= 500) {
      retry(j, r.headers().firstValue("Retry-After").orElse(null));
    } else {
      dropped.incrementAndGet(); // 400, 403, 413: sending the same again would fail the same way
      LOG.warn("a push service refused a push with {}", st);
    }
  }

  private void retry(Job j, String retryAfter) {
    if (j.attempt() >= o.retries()) {
      dropped.incrementAndGet();
      return;
    }
    retried.incrementAndGet();
    long backoff = o.firstBackoff().toMillis() << Math.min(j.attempt(), 20);
    long wait =
        Math.min(MAX_BACKOFF_SECONDS * 1000, Math.max(backoff, retryAfterMillis(retryAfter)));
    timer.schedule(
        () -> enqueue(new Job(j.sub(), j.seq(), j.attempt() + 1)), wait, TimeUnit.MILLISECONDS);
  }

  /**
   * Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms; 0 when absent or
   * unreadable.
   */
  long retryAfterMillis(String v) {
    if (v == null) return 0;
    try {
      return Math.max(0, Long.parseLong(v.trim()) * 1000);
    } catch (NumberFormatException e) {
      try {
        return Math.max(
            0,
            ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant()
                    .toEpochMilli()
                - clock.millis());
      } catch (RuntimeException ignored) {
        return 0;
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    for (Thread t : workers) t.interrupt();
  }
}
