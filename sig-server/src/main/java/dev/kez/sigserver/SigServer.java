package dev.kez.sigserver;

import dev.kez.server.HttpServer;
import dev.kez.server.Launcher;
import dev.kez.sigserver.http.Api;
import dev.kez.sigserver.store.Store;
import java.time.Clock;
import java.util.function.Consumer;

/** The kez-sig-server process: the shared server foundation, one store, the v1 API. */
public final class SigServer {
  private SigServer() {}

  /** Starts a server; access-log lines go to {@code accessLog} when the config turns them on. */
  public static HttpServer start(Config cfg, Consumer<String> accessLog) throws Exception {
    Store store = Store.open(cfg.http().db(), cfg.groupCommit());
    return HttpServer.start(
        cfg.http(),
        "kez-sig",
        (jetty, registry) ->
            new Api(cfg, store, new ChainService(store, Clock.systemUTC()), registry, accessLog)
                .handler(),
        store);
  }

  public static void main(String[] args) {
    Launcher.main(
        "kez-sig-server",
        "An HTTP store for KEZ sigchains.",
        Config.FLAGS,
        args,
        (values, log) -> start(Config.from(values), log));
  }
}
