package dev.kez.chat.server.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.chat.protocol.ChatAuth;
import dev.kez.chat.protocol.WsFrame;
import dev.kez.core.crypto.Base64Url;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.json.Json;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** A WebSocket client for the tests (Jetty's): every text frame received, and the close code. */
public final class WsProbe implements Session.Listener.AutoDemanding, AutoCloseable {
  private static final WebSocketClient CLIENT = started();
  public final BlockingQueue<ObjectNode> frames = new LinkedBlockingQueue<>();
  public final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private volatile Session session;

  private static WebSocketClient started() {
    try {
      WebSocketClient c = new WebSocketClient();
      c.start();
      return c;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static WsProbe connect(URI http, String path) throws Exception {
    WsProbe p = new WsProbe();
    CLIENT.connect(p, URI.create("ws://" + http.getAuthority() + path)).get(10, TimeUnit.SECONDS);
    return p;
  }

  /** Connects and authenticates as {@code p}; returns the probe after its {@code ready} frame. */
  public static WsProbe login(URI http, Person p, SecretKey signer) throws Exception {
    WsProbe ws = connect(http, "/v1/ws/" + p.handle);
    ObjectNode challenge = ws.next();
    if (!"challenge".equals(challenge.path("type").asText()))
      throw new AssertionError("expected a challenge: " + challenge);
    byte[] nonce = Base64Url.decode(challenge.get("nonce").asText());
    var auth =
        ChatAuth.forWebSocket(p.handle, signer.publicKey(), nonce, ChatHttp.freshTs()).sign(signer);
    ws.send(new WsFrame.Auth(auth).text());
    return ws;
  }

  public ObjectNode next() throws InterruptedException {
    ObjectNode f = frames.poll(10, TimeUnit.SECONDS);
    if (f == null) throw new AssertionError("no frame within 10 s");
    return f;
  }

  public void send(String text) {
    session.sendText(text, Callback.NOOP);
  }

  @Override
  public void onWebSocketOpen(Session s) {
    session = s;
  }

  @Override
  public void onWebSocketText(String text) {
    frames.add(Json.parseObject(text));
  }

  @Override
  public void onWebSocketClose(int code, String reason, Callback done) {
    closed.complete(code);
    done.succeed();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    closed.complete(-1);
  }

  @Override
  public void close() {
    Session s = session;
    if (s != null && s.isOpen()) s.close();
  }
}
