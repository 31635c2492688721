package dev.kez.server;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A KEZ server's process: one Jetty connector with the shared limits, JSON for every error Jetty
 * raises itself, handlers on virtual threads (a blocked request costs a little memory, not one of a
 * few dozen pool threads), and the resources to close after it stops.
 */
public final class HttpServer implements AutoCloseable {
  /** Builds the root handler once Jetty and the metrics registry exist. */
  @FunctionalInterface
  public interface HandlerFactory {
    Handler create(Server jetty, PrometheusMeterRegistry registry) throws Exception;
  }

  private final Server jetty;
  private final ServerConnector connector;
  private final List<AutoCloseable> resources;

  private HttpServer(Server jetty, ServerConnector connector, List<AutoCloseable> resources) {
    this.jetty = jetty;
    this.connector = connector;
    this.resources = resources;
  }

  /**
   * Starts Jetty; {@code resources} (the database, …) close after it stops, or at once if it cannot
   * start.
   */
  public static HttpServer start(
      HttpSettings s, String name, HandlerFactory handler, AutoCloseable... resources)
      throws Exception {
    List<AutoCloseable> owned = new ArrayList<>(List.of(resources));
    try {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      JvmGcMetrics gc = new JvmGcMetrics();
      gc.bindTo(registry);
      owned.add(gc);

      QueuedThreadPool pool = new QueuedThreadPool(64, 4);
      pool.setName(name);
      pool.setVirtualThreadsExecutor(
          Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-v", 0).factory()));
      Server jetty = new Server(pool);
      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      http.setSendDateHeader(false);
      http.setRequestHeaderSize(8192);
      ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
      connector.setHost(s.bind());
      connector.setPort(s.port());
      connector.setIdleTimeout(s.idleTimeoutSeconds() * 1000L);
      connector.setAcceptQueueSize(256);
      jetty.addConnector(connector);
      jetty.setErrorHandler(new JsonErrorHandler());
      Handler root = handler.create(jetty, registry);
      // A body that trickles in slower than this fails its read at once, not at the deadline.
      jetty.setHandler(
          s.minDataRate() > 0 ? new MinimumDataRateHandler(root, s.minDataRate(), 0) : root);
      jetty.setStopTimeout(5_000);
      jetty.start();
      return new HttpServer(jetty, connector, owned);
    } catch (Exception | Error e) {
      closeAll(owned);
      throw e;
    }
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** The base URL on loopback (or the bound address). */
  public URI uri() {
    String host =
        connector.getHost() == null || connector.getHost().equals("0.0.0.0")
            ? "127.0.0.1"
            : connector.getHost();
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
      // stopping is best effort; the resources still close below
    } finally {
      closeAll(resources);
    }
  }

  private static void closeAll(List<AutoCloseable> list) {
    for (int i = list.size() - 1; i >= 0; i--) {
      try {
        list.get(i).close();
      } catch (Exception ignored) {
        // closing the rest matters more
      }
    }
  }
}
