package dev.kez.chat.server.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kez.chat.server.push.Vapid;
import dev.kez.chat.server.push.WebPushCrypto;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A push service in the test JVM, on loopback, answering as RFC 8030 services do. It enforces what
 * a real one checks — the VAPID JWT (ES256 under {@code k}, {@code k} the application server's key,
 * {@code aud} its own origin, {@code exp} within 24 h) and the aes128gcm body, decrypted with the
 * subscription's private key — and records each push. Each subscription answers from a script of
 * statuses (then 201).
 */
public final class FakePushService implements AutoCloseable {
  private static final Pattern VAPID =
      Pattern.compile("vapid t=([A-Za-z0-9_\\-.]+), ?k=([A-Za-z0-9_\\-]+)");

  /** One push as received: the decrypted plaintext, or why it was refused. */
  public record Push(
      String subscription,
      int answered,
      byte[] plaintext,
      Map<String, List<String>> headers,
      String refusal) {}

  /** One subscription: what a browser's PushManager would hold. */
  public final class Sub {
    public final String id;
    final KeyPair ua = WebPushCrypto.newKeyPair();
    final byte[] auth = new byte[16];
    final Deque<int[]> script = new ArrayDeque<>(); // {status, retryAfterSeconds or -1}
    volatile long delayMillis;

    Sub(String id) {
      this.id = id;
      new SecureRandom().nextBytes(auth);
    }

    public String endpoint() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/push/" + id;
    }

    /** The browser's PushSubscription JSON. */
    public String json() {
      ObjectNode o = Json.newObject().put("endpoint", endpoint());
      o.putNull("expirationTime");
      o.putObject("keys")
          .put("p256dh", Base64Url.encode(WebPushCrypto.encode(ua.getPublic())))
          .put("auth", Base64Url.encode(auth));
      return Json.write(o);
    }

    public synchronized Sub answer(int status, int retryAfter) {
      script.add(new int[] {status, retryAfter});
      return this;
    }

    public Sub delay(long millis) {
      delayMillis = millis;
      return this;
    }

    synchronized int[] nextAnswer() {
      return script.isEmpty() ? new int[] {201, -1} : script.poll();
    }
  }

  private final HttpServer server;
  private final byte[] applicationServerKey;
  private final Map<String, Sub> subs = new ConcurrentHashMap<>();
  public final BlockingQueue<Push> received = new LinkedBlockingQueue<>();
  public final List<Push> all = new CopyOnWriteArrayList<>();

  public FakePushService(byte[] applicationServerKey) throws IOException {
    this.applicationServerKey = applicationServerKey;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/push/", this::handle);
    server.start();
  }

  public Sub subscription() {
    Sub s = new Sub(Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE));
    subs.put(s.id, s);
    return s;
  }

  public Push next(long millis) throws InterruptedException {
    return received.poll(millis, TimeUnit.MILLISECONDS);
  }

  private void handle(HttpExchange x) throws IOException {
    String id = x.getRequestURI().getPath().substring("/push/".length());
    byte[] body = x.getRequestBody().readAllBytes();
    Sub s = subs.get(id);
    int status;
    byte[] plain = null;
    String refusal = null;
    if (s == null) {
      status = 404;
      refusal = "unknown subscription";
    } else {
      refusal = check(x, s);
      if (refusal == null) {
        try {
          plain =
              WebPushCrypto.decrypt(
                  s.ua.getPrivate(), WebPushCrypto.encode(s.ua.getPublic()), s.auth, body);
        } catch (Exception e) {
          refusal = "the body does not decrypt";
        }
      }
      if (refusal != null) {
        status = 400;
      } else {
        if (s.delayMillis > 0) {
          try {
            Thread.sleep(s.delayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        int[] a = s.nextAnswer();
        status = a[0];
        if (a[1] >= 0) x.getResponseHeaders().add("Retry-After", Integer.toString(a[1]));
      }
    }
    Push p = new Push(id, status, plain, Map.copyOf(x.getRequestHeaders()), refusal);
    all.add(p);
    received.add(p);
    x.sendResponseHeaders(status, -1);
    x.close();
  }

  private String check(HttpExchange x, Sub s) {
    var h = x.getRequestHeaders();
    if (!x.getRequestMethod().equals("POST")) return "not a POST";
    if (!"aes128gcm".equals(h.getFirst("Content-Encoding")))
      return "Content-Encoding is not aes128gcm";
    if (h.getFirst("TTL") == null || !h.getFirst("TTL").matches("\\d+")) return "no TTL";
    if (h.getFirst("Urgency") == null) return "no Urgency";
    Matcher m = VAPID.matcher(String.valueOf(h.getFirst("Authorization")));
    if (!m.matches()) return "no vapid Authorization";
    byte[] k = Base64Url.decode(m.group(2));
    if (!java.util.Arrays.equals(k, applicationServerKey))
      return "k is not the application server's key";
    var verified = Vapid.verify(m.group(1), k);
    if (verified.isEmpty()) return "the JWT signature does not verify";
    ObjectNode claims = verified.get();
    long now = System.currentTimeMillis() / 1000;
    long exp = claims.path("exp").asLong();
    if (exp <= now || exp > now + 24 * 3600) return "exp is not within 24 h";
    if (!claims.path("aud").asText().equals("http://127.0.0.1:" + server.getAddress().getPort()))
      return "aud is not this origin";
    String sub = claims.path("sub").asText();
    if (!sub.startsWith("mailto:") && !sub.startsWith("https:"))
      return "sub is not mailto: or https:";
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
