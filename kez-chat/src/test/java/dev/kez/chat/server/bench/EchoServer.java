package dev.kez.chat.server.bench;

import java.time.Duration;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The delivery bench's yardstick: a raw Jetty 12 WebSocket echo on loopback (any path), with the
 * chat server's thread pool, and nothing else — no auth, no storage, no JSON. Prints {@code
 * {"listening":PORT}} like the KEZ servers; the flags ServerProcess passes are ignored.
 */
public final class EchoServer {
  private EchoServer() {}

  public static void main(String[] args) throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool(64, 4);
    pool.setVirtualThreadsExecutor(
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("echo-v", 0).factory()));
    Server jetty = new Server(pool);
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    jetty.setHandler(
        WebSocketUpgradeHandler.from(
            jetty,
            ws -> {
              ws.setIdleTimeout(Duration.ofMinutes(10)); // idle while the chat rounds run
              ws.addMapping("/*", (req, res, cb) -> new Echo());
            }));
    jetty.start();
    System.out.println("{\"listening\":" + connector.getLocalPort() + "}");
    jetty.join();
  }

  /** Sends every text frame back. */
  public static final class Echo implements Session.Listener.AutoDemanding {
    private volatile Session session;

    @Override
    public void onWebSocketOpen(Session s) {
      session = s;
    }

    @Override
    public void onWebSocketText(String text) {
      session.sendText(text, Callback.NOOP);
    }

    /**
     * Nothing to do: a socket the bench lost shows there as a missing echo; its close at the end
     * (ClosedChannelException) is not worth a warning.
     */
    @Override
    public void onWebSocketError(Throwable cause) {}
  }
}
