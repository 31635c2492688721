package dev.kez.sigserver;

import dev.kez.sigserver.http.Api;
import dev.kez.sigserver.store.Store;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The kez-sig-server process: one Jetty connector, one store, the v1 API. */
public final class SigServer implements AutoCloseable {
  private final Server jetty;
  private final ServerConnector connector;
  private final Store store;
  private final JvmGcMetrics gc;

  private SigServer(Server jetty, ServerConnector connector, Store store, JvmGcMetrics gc) {
    this.jetty = jetty;
    this.connector = connector;
    this.store = store;
    this.gc = gc;
  }

  /** Starts a server; access-log lines go to {@code accessLog} when the config turns them on. */
  public static SigServer start(Config cfg, Consumer<String> accessLog) throws Exception {
    Store store = Store.open(cfg.db(), cfg.groupCommit());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);

    QueuedThreadPool pool = new QueuedThreadPool(64, 4);
    pool.setName("kez-sig");
    Server jetty = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    http.setRequestHeaderSize(8192);
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(cfg.bind());
    connector.setPort(cfg.port());
    connector.setIdleTimeout(cfg.idleTimeoutSeconds() * 1000L);
    connector.setAcceptQueueSize(256);
    jetty.addConnector(connector);
    jetty.setHandler(new Api(cfg, store, new ChainService(store, Clock.systemUTC()), registry, cfg.accessLog() ? accessLog : null));
    jetty.setStopTimeout(5_000);
    try {
      jetty.start();
    } catch (Exception e) {
      store.close();
      throw e;
    }
    return new SigServer(jetty, connector, store, gc);
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** The base URL on loopback (or the bound address). */
  public URI uri() {
    String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1" : connector.getHost();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  public void join() throws InterruptedException {
    jetty.join();
  }

  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      // stopping is best effort; the store still closes below
    } finally {
      gc.close();
      store.close();
    }
  }

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    Config cfg;
    try {
      for (String a : args) {
        if (a.equals("--help") || a.equals("-h")) {
          System.out.print(Config.help());
          return;
        }
      }
      cfg = Config.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("kez-sig-server: " + e.getMessage());
      System.exit(2);
      return;
    }
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    SigServer server;
    try {
      server = start(cfg, line -> {
        synchronized (out) {
          out.println(line);
        }
      });
    } catch (Exception e) {
      System.err.println("kez-sig-server: cannot start: " + oneLine(e));
      System.exit(3);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "kez-sig-shutdown"));
    System.err.println("kez-sig-server: listening on " + cfg.bind() + ":" + server.port() + " (db " + Store.redact(cfg.db()) + ")");
    // Machine-readable too: tests and scripts read the port from this line on stdout.
    out.println("{\"listening\":" + server.port() + "}");
    try {
      server.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return Store.redact(m.replaceAll("\\s+", " ").trim());
  }
}
