package dev.kez.chat.server;

import dev.kez.chat.server.live.Hub;
import dev.kez.chat.server.push.PushService;
import dev.kez.chat.server.push.Vapid;
import dev.kez.chat.server.store.ChatStore;
import dev.kez.server.HttpApi;
import dev.kez.server.HttpServer;
import dev.kez.server.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The kez-chat-server process: the shared server foundation, the chat store, live delivery, Web
 * Push.
 */
public final class ChatServer {
  private ChatServer() {}

  /** Starts a server; access-log lines go to {@code accessLog} when the config turns them on. */
  public static HttpServer start(ChatConfig cfg, Consumer<String> accessLog) throws Exception {
    return start(cfg, accessLog, Tuning.DEFAULT);
  }

  /**
   * Timings the tests shorten: the first push backoff, and the WebSocket authentication deadline
   * (10 s, chat.md §8).
   */
  public record Tuning(Clock clock, Duration pushBackoff, Duration wsAuthTimeout) {
    public static final Tuning DEFAULT =
        new Tuning(
            Clock.systemUTC(),
            Duration.ofSeconds(1),
            Duration.ofSeconds(dev.kez.chat.protocol.WsFrame.AUTH_TIMEOUT_SECONDS));
  }

  public static HttpServer start(ChatConfig cfg, Consumer<String> accessLog, Tuning t)
      throws Exception {
    Clock clock = t.clock();
    Vapid vapid = Vapid.loadOrCreate(cfg.vapidKeyPath(), cfg.vapidSubject());
    ChatStore store = ChatStore.open(cfg.http().db(), cfg.groupCommit());
    Authenticator auth = new Authenticator(clock);
    Hub hub = new Hub(store, auth, cfg.wsBufferBytes(), cfg.heartbeatSeconds(), t.wsAuthTimeout());
    PushService push =
        new PushService(
            store,
            vapid,
            hub::isLive,
            new PushService.Options(
                cfg.pushTtlSeconds(),
                cfg.pushRetries(),
                cfg.pushQueue(),
                cfg.allowPrivate(),
                t.pushBackoff()),
            clock);
    IdentityService identity =
        new IdentityService(cfg.sigServers(), cfg.allowPrivate(), cfg.identityTtlSeconds(), clock);
    ChatApi api = new ChatApi(store, auth, hub, push, identity);
    return HttpServer.start(
        cfg.http(),
        "kez-chat",
        (jetty, registry) -> {
          ServerWebSocketContainer ws = ServerWebSocketContainer.ensure(jetty);
          ws.setMaxTextMessageSize(dev.kez.chat.protocol.WsFrame.MAX_FRAME_BYTES);
          ws.setIdleTimeout(Duration.ofSeconds(3L * cfg.heartbeatSeconds() + 10));
          HttpApi edge =
              new HttpApi(
                  cfg.http(),
                  api.routes(ws),
                  "kez.chat",
                  "Content-Type, X-KEZ-Auth",
                  store::healthy,
                  registry,
                  accessLog);
          if (!cfg.web().isEmpty() && Files.isDirectory(Path.of(cfg.web()))) {
            ResourceHandler files = new ResourceHandler();
            files.setBaseResource(ResourceFactory.of(jetty).newResource(Path.of(cfg.web())));
            files.setWelcomeFiles("index.html");
            files.setDirAllowed(false);
            edge.fallback(files);
          }
          return edge;
        },
        store,
        hub,
        push);
  }

  public static void main(String[] args) {
    Launcher.main(
        "kez-chat-server",
        "The kez-chat server: KEZ identities, end-to-end encrypted messages, live delivery, Web Push.",
        ChatConfig.FLAGS,
        args,
        (values, log) -> start(ChatConfig.from(values), log));
  }
}
