package dev.kez.sigserver;

import dev.kez.server.Flags;
import dev.kez.server.HttpSettings;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Server settings: the shared ones ({@link HttpSettings}) and the sig-server's own. Every flag
 * {@code --name} falls back to the environment variable {@code KEZ_SIG_NAME}, then to its default.
 */
public record Config(HttpSettings http, int maxLinks, boolean benchStatic, boolean groupCommit) {
  static final Flags FLAGS =
      new Flags(
          "KEZ_SIG_",
          HttpSettings.options(
              "7878",
              "kez-sig.db",
              List.of(
                  new Flags.Option("max-links", "1000", "most links in one POST (413 beyond)"),
                  new Flags.Option(
                      "group-commit",
                      "on",
                      "commit concurrent appends together, one fsync for all (off: one fsync per append)"),
                  new Flags.Option(
                      "bench-static",
                      "off",
                      "also serve GET /bench/static (a fixed 4 KiB body) for load tests"))));

  public static Config defaults() {
    return parse(new String[0], Map.of());
  }

  /**
   * A server on 127.0.0.1 and any free port, storing in {@code db}, with {@code more} flags and no
   * environment: what the tests and {@code ./kez-sandbox} start.
   */
  public static Config onLoopback(String db, String... more) {
    return parse(
        Stream.concat(Stream.of("--port", "0", "--bind", "127.0.0.1", "--db", db), Stream.of(more))
            .toArray(String[]::new),
        Map.of());
  }

  /** Reads flags ({@code --name value} or {@code --name=value}) over the environment. */
  public static Config parse(String[] args, Map<String, String> env) {
    return from(FLAGS.parse(args, env));
  }

  static Config from(Flags.Values v) {
    return new Config(
        HttpSettings.from(v),
        v.intIn("max-links", 1, 1_000_000),
        v.flag("bench-static"),
        v.flag("group-commit"));
  }
}
